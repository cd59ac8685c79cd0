using Microsoft.Extensions.Logging;

namespace Capsule.Runtime.Artifacts;

/// <summary>Log messages of the artifact cache; event ids 100-199.</summary>
internal static partial class ArtifactCacheLog
{
    [LoggerMessage(100, LogLevel.Information, "Compiled {Source} in {Milliseconds:F0} ms; cached as {Entry}")]
    public static partial void Compiled(ILogger logger, string source, double milliseconds, string entry);

    [LoggerMessage(101, LogLevel.Information, "Loaded {Source} from cache in {Milliseconds:F0} ms ({Entry})")]
    public static partial void Loaded(ILogger logger, string source, double milliseconds, string entry);

    [LoggerMessage(102, LogLevel.Warning, "Discarded cache entry {Entry}: {Problem}; recompiling")]
    public static partial void Discarded(ILogger logger, string entry, string problem);

    [LoggerMessage(103, LogLevel.Warning, "Could not write cache entry {Entry}: {Problem}; continuing without it")]
    public static partial void WriteFailed(ILogger logger, string entry, string problem);

    [LoggerMessage(104, LogLevel.Information, "Compiled {Source} in {Milliseconds:F0} ms; not cached")]
    public static partial void CompiledNotCached(ILogger logger, string source, double milliseconds);

    [LoggerMessage(105, LogLevel.Warning, "Not using the artifact cache at {Path}: it {Problem}; compiling in memory")]
    public static partial void Untrusted(ILogger logger, string path, string problem);

    [LoggerMessage(106, LogLevel.Information, "Waiting for another process compiling {Source} ({Lock})")]
    public static partial void Waiting(ILogger logger, string source, string @lock);
}
