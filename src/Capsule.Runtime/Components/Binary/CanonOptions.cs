namespace Capsule.Runtime.Components.Binary;

/// <summary>A string encoding named by a canonical option.</summary>
public enum CanonStringEncoding : byte
{
    /// <summary>UTF-8 (the default).</summary>
    Utf8,

    /// <summary>UTF-16.</summary>
    Utf16,

    /// <summary>Latin-1 or UTF-16, tagged per string.</summary>
    Latin1Utf16,
}

/// <summary>The canonical options of a lift or lower, as written (indices into core index spaces).</summary>
/// <param name="Encoding">The string encoding (UTF-8 when absent).</param>
/// <param name="Memory">Core memory index, or null.</param>
/// <param name="Realloc">Core function index of realloc, or null.</param>
/// <param name="PostReturn">Core function index of post-return, or null.</param>
/// <param name="Async">The async option (read; refused by the plan until WASI 0.3).</param>
/// <param name="Callback">Core function index of the async callback, or null.</param>
public sealed record CanonOptions(CanonStringEncoding Encoding, uint? Memory, uint? Realloc, uint? PostReturn, bool Async, uint? Callback)
{
    /// <summary>No options.</summary>
    public static CanonOptions None { get; } = new(CanonStringEncoding.Utf8, null, null, null, false, null);
}
