namespace Capsule.Runtime.Inspection;

/// <summary>A capability a guest's imports show it could use, and how to grant it.</summary>
/// <param name="Capability">What the guest can ask for, e.g. "files".</param>
/// <param name="HowToGrant">The option or manifest key that grants it, or why it cannot be granted.</param>
/// <param name="Evidence">The imports that show it.</param>
public sealed record GrantHint(string Capability, string HowToGrant, IReadOnlyList<string> Evidence);
