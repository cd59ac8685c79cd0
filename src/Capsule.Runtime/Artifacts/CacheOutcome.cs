namespace Capsule.Runtime.Artifacts;

/// <summary>How a compiled artifact was obtained.</summary>
public enum CacheOutcome
{
    /// <summary>No entry existed: compiled now and stored.</summary>
    Compiled,

    /// <summary>A valid entry existed: loaded without compiling.</summary>
    Loaded,

    /// <summary>An entry existed but was corrupt, truncated or foreign: discarded, compiled, stored again.</summary>
    Rebuilt,

    /// <summary>The cache folder or entry could have been written by someone else: compiled in memory, nothing read or written.</summary>
    Untrusted,

    /// <summary>Not cached at all (the source was component text, which has no stable binary to key on).</summary>
    Uncached,
}
