namespace Capsule.Wit.Model;

/// <summary><c>tuple&lt;A, B, ..&gt;</c>.</summary>
public sealed record TupleType(IReadOnlyList<WitType> Elements) : WitType;
