namespace Capsule.Wit.Model;

/// <summary>A function parameter.</summary>
public sealed record Param(string Name, WitType Type);
