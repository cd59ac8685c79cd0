namespace Capsule.Wit.Model;

/// <summary>A type taken by <c>use</c>: the name it has where it is used (after <c>as</c>) and its definition.</summary>
public sealed record UsedType(string LocalName, TypeDef Definition);
