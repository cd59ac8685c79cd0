using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Redis;

/// <summary>What one redis trigger has done so far; read while it runs. Thread-safe.</summary>
public sealed class RedisSubscription(RedisTrigger trigger)
{
    private long _handled;
    private long _failed;
    private long _dropped;

    /// <summary>The trigger.</summary>
    public RedisTrigger Trigger { get; } = trigger;

    /// <summary>Messages its handler ran for (successfully or not).</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Messages whose handler trapped, timed out, returned an error or was not admitted.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Messages dropped because too many already waited for the handler (<see cref="RedisTriggerService.MaxWaitingMessages"/>, <see cref="RedisTriggerService.MaxWaitingBytes"/>).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal long CountHandled() => Interlocked.Increment(ref _handled);

    internal long CountFailed() => Interlocked.Increment(ref _failed);

    internal long CountDropped() => Interlocked.Increment(ref _dropped);
}
