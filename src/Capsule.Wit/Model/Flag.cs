namespace Capsule.Wit.Model;

/// <summary>One flag of a <c>flags</c> type.</summary>
public sealed record Flag(string Name, string Docs);
