namespace Capsule.Wit.Model;

/// <summary><c>type name = target;</c></summary>
public sealed record AliasDef(string Name, TypeOwner Owner, string Docs, Gate Gate, WitType Target)
    : TypeDef(Name, Owner, Docs, Gate);
