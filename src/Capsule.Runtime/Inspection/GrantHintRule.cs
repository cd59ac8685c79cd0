namespace Capsule.Runtime.Inspection;

/// <summary>
/// How a host feature tells <c>capsule inspect</c> what it grants: the imports that show a guest
/// could use <paramref name="Capability"/>, and how to grant it.
/// </summary>
/// <param name="Capability">What the guest can ask for, e.g. "files".</param>
/// <param name="HowToGrant">The option or manifest key that grants it, or why it cannot be granted.</param>
/// <param name="Matches">Whether an import name (e.g. <c>wasi:filesystem/types@0.2.0</c>, <c>wasi_snapshot_preview1::path_open</c>) shows it.</param>
public sealed record GrantHintRule(string Capability, string HowToGrant, Func<string, bool> Matches)
{
    /// <summary>Whether <paramref name="name"/> is the WASI preview 1 import of one of <paramref name="functions"/>.</summary>
    public static bool IsPreview1(string name, params string[] functions) =>
        functions.Any(f => name == $"wasi_snapshot_preview1::{f}");
}
