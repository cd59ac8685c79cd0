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
}
