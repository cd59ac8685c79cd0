namespace Capsule.Wit.Model;

/// <summary>A record's field.</summary>
public sealed record Field(string Name, WitType Type, string Docs);
