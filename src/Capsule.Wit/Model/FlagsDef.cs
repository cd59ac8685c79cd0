namespace Capsule.Wit.Model;

/// <summary><c>flags</c>: named bits, bit 0 first.</summary>
public sealed record FlagsDef(string Name, TypeOwner Owner, string Docs, Gate Gate, IReadOnlyList<Flag> Flags)
    : TypeDef(Name, Owner, Docs, Gate);
