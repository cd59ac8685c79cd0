using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Cron;

/// <summary>What one cron trigger has done so far; read while it runs. Thread-safe.</summary>
public sealed class CronSchedule(CronTrigger trigger)
{
    private long _runs;
    private long _skipped;
    private long _failed;

    /// <summary>The trigger.</summary>
    public CronTrigger Trigger { get; } = trigger;

    /// <summary>Runs started.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Times that came while the previous run was still going, so were not run.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Runs that trapped, timed out, returned an error or were not admitted.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal long CountRun() => Interlocked.Increment(ref _runs);

    internal long CountSkipped() => Interlocked.Increment(ref _skipped);

    internal long CountFailed() => Interlocked.Increment(ref _failed);
}
