namespace Capsule.Wit.Model;

/// <summary>A <c>variant</c>: cases in order, each with an optional payload.</summary>
public sealed record VariantDef(string Name, TypeOwner Owner, string Docs, Gate Gate, IReadOnlyList<Case> Cases)
    : TypeDef(Name, Owner, Docs, Gate);
