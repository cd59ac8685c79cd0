namespace Capsule.Wit.Model;

/// <summary>An <c>enum</c>: cases without payloads, numbered from 0 in order.</summary>
public sealed record EnumDef(string Name, TypeOwner Owner, string Docs, Gate Gate, IReadOnlyList<EnumCase> Cases)
    : TypeDef(Name, Owner, Docs, Gate);
