using System.Diagnostics.Metrics;
using Capsule.Runtime.Artifacts;

namespace Capsule.Runtime.Diagnostics;

/// <summary>
/// Artifact cache lookups and compile time since the process started. Components are loaded before
/// the exporters start, so these are totals read when metrics are collected
/// (<c>capsule.artifact_cache.lookups</c> by outcome, <c>capsule.compile.time</c>), not events.
/// Thread-safe.
/// </summary>
public static class ArtifactCacheTotals
{
    private static long _hits;
    private static long _misses;
    private static long _rebuilt;
    private static long _uncached;
    private static long _compileTicks;

    static ArtifactCacheTotals()
    {
        CapsuleTelemetry.Meter.CreateObservableCounter("capsule.artifact_cache.lookups", Lookups, "{lookup}",
            "Components loaded, by artifact cache outcome: hit, miss (compiled and stored), rebuilt (a bad entry replaced), uncached (no cache, or untrusted)");
        CapsuleTelemetry.Meter.CreateObservableCounter("capsule.compile.time",
            () => TimeSpan.FromTicks(Interlocked.Read(ref _compileTicks)).TotalSeconds, "s", "Time spent compiling components (cache misses)");
    }

    /// <summary>Counts one load with <paramref name="outcome"/> that took <paramref name="elapsed"/>.</summary>
    public static void Count(CacheOutcome outcome, TimeSpan elapsed)
    {
        switch (outcome)
        {
            case CacheOutcome.Loaded:
                Interlocked.Increment(ref _hits);
                break;
            case CacheOutcome.Compiled:
                Interlocked.Increment(ref _misses);
                break;
            case CacheOutcome.Rebuilt:
                Interlocked.Increment(ref _rebuilt);
                break;
            default:
                Interlocked.Increment(ref _uncached);
                break;
        }
        if (outcome != CacheOutcome.Loaded)
        {
            Interlocked.Add(ref _compileTicks, elapsed.Ticks);
        }
    }

    /// <summary>Makes sure the instruments exist (the exporters list them only once created).</summary>
    public static void Register()
    {
    }

    private static IEnumerable<Measurement<long>> Lookups() =>
    [
        new(Interlocked.Read(ref _hits), new KeyValuePair<string, object?>("capsule.cache.outcome", "hit")),
        new(Interlocked.Read(ref _misses), new KeyValuePair<string, object?>("capsule.cache.outcome", "miss")),
        new(Interlocked.Read(ref _rebuilt), new KeyValuePair<string, object?>("capsule.cache.outcome", "rebuilt")),
        new(Interlocked.Read(ref _uncached), new KeyValuePair<string, object?>("capsule.cache.outcome", "uncached")),
    ];
}
