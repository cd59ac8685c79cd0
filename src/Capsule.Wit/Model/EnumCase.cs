namespace Capsule.Wit.Model;

/// <summary>An enum's case.</summary>
public sealed record EnumCase(string Name, string Docs);
