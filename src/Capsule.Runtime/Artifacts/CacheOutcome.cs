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

    /// <summary>Not cached at all (the source was component text, which has no stable binary to key on).</summary>
    Uncached,
}
