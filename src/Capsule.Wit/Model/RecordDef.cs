namespace Capsule.Wit.Model;

/// <summary>A <c>record</c>: named fields in order.</summary>
public sealed record RecordDef(string Name, TypeOwner Owner, string Docs, Gate Gate, IReadOnlyList<Field> Fields)
    : TypeDef(Name, Owner, Docs, Gate);
