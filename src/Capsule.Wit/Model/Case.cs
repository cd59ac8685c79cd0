namespace Capsule.Wit.Model;

/// <summary>A variant's case; <see cref="Type"/> is its payload, or null for none.</summary>
public sealed record Case(string Name, WitType? Type, string Docs);
