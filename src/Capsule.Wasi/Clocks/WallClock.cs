namespace Capsule.Wasi.Clocks;

/// <summary>wasi:clocks/wall-clock datetime: seconds and nanoseconds since the Unix epoch.</summary>
/// <param name="Seconds">Whole seconds since 1970-01-01T00:00:00Z.</param>
/// <param name="Nanoseconds">Nanoseconds within the second.</param>
public readonly record struct Datetime(ulong Seconds, uint Nanoseconds)
{
    /// <summary>Converts a .NET instant.</summary>
    public static Datetime From(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new Datetime((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * 100));
    }
}

/// <summary>wasi:clocks/wall-clock: the time of day, which may jump.</summary>
public static class WallClock
{
    /// <summary>Now.</summary>
    public static Datetime Now() => Datetime.From(DateTimeOffset.UtcNow);

    /// <summary>Resolution: .NET's tick, 100 ns.</summary>
    public static Datetime Resolution() => new(0, 100);
}
