using System.Diagnostics;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Clocks;

/// <summary>wasi:clocks/monotonic-clock: nanoseconds from an arbitrary start, never going back.</summary>
public static class MonotonicClock
{
    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    /// <summary>The current instant in nanoseconds.</summary>
    public static ulong Now() => (ulong)(Stopwatch.GetTimestamp() * NanosPerTick);

    /// <summary>The clock's resolution in nanoseconds.</summary>
    public static ulong Resolution() => Math.Max(1, (ulong)NanosPerTick);

    /// <summary>Ready at <paramref name="instant"/> (already, if it has passed).</summary>
    public static Pollable SubscribeInstant(ulong instant)
    {
        var now = Now();
        return instant <= now ? ReadyPollable.Instance : SubscribeDuration(instant - now);
    }

    /// <summary>Ready after <paramref name="nanoseconds"/>.</summary>
    public static Pollable SubscribeDuration(ulong nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return ReadyPollable.Instance;
        }
        // Task.Delay takes at most ~49 days; a longer wait is as good as forever.
        var delay = TimeSpan.FromTicks((long)Math.Min(nanoseconds / 100, (ulong)TimeSpan.FromDays(49).Ticks));
        return new TaskPollable(Task.Delay(delay));
    }
}
