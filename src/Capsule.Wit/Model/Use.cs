namespace Capsule.Wit.Model;

/// <summary>A <c>use from.{a, b as c}</c> item: the interface named and each type taken from it.</summary>
public sealed record Use(Interface From, IReadOnlyList<UsedType> Types);
