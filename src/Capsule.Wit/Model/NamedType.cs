namespace Capsule.Wit.Model;

/// <summary>A reference by name to a record, variant, enum, flags or alias, resolved to its definition.</summary>
public sealed record NamedType(TypeDef Definition) : WitType;
