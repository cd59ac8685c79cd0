namespace Capsule.Runtime.Components.Abi;

// Minimal copy of h-abi's contract types (BRIEF-layer.md) so the plan can name them on this branch;
// at merge h-abi's declarations replace this file.

/// <summary>A string encoding of a lift or lower.</summary>
public enum StringEncoding : byte
{
    /// <summary>UTF-8.</summary>
    Utf8,

    /// <summary>UTF-16.</summary>
    Utf16,

    /// <summary>Latin-1 or UTF-16.</summary>
    Latin1Utf16,
}

/// <summary>
/// Canonical options of one lift or lower as the plan resolved them: indices into the plan's table of
/// core exports (<c>ComponentPlan.CoreExports</c>) for memory, realloc and post-return (null when absent).
/// </summary>
/// <param name="MemoryCoreExport">The memory.</param>
/// <param name="ReallocCoreExport">The realloc function.</param>
/// <param name="PostReturnCoreExport">The post-return function.</param>
/// <param name="Encoding">The string encoding.</param>
public sealed record CanonOptionsPlan(int? MemoryCoreExport, int? ReallocCoreExport, int? PostReturnCoreExport, StringEncoding Encoding);
