namespace Capsule.Wasi.Http;

/// <summary>The time limits of one outbound request, phase by phase.</summary>
/// <param name="Connect">To open a new connection (wasi:http connect-timeout).</param>
/// <param name="FirstByte">From sending until the response's headers arrive (first-byte-timeout).</param>
/// <param name="BetweenBytes">Between two reads of the response body (between-bytes-timeout).</param>
public sealed record OutboundTimeouts(TimeSpan Connect, TimeSpan FirstByte, TimeSpan BetweenBytes)
{
    // Timers take at most int.MaxValue milliseconds (~24.8 days); a longer wish means "no limit that matters".
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    /// <summary>The guest's request-options (nanoseconds) where set, else <paramref name="defaults"/>.</summary>
    public static OutboundTimeouts From(RequestOptions? options, OutboundTimeouts defaults) => new(
        Pick(options?.ConnectTimeout, defaults.Connect),
        Pick(options?.FirstByteTimeout, defaults.FirstByte),
        Pick(options?.BetweenBytesTimeout, defaults.BetweenBytes));

    private static TimeSpan Pick(ulong? nanoseconds, TimeSpan fallback) =>
        nanoseconds is { } ns ? TimeSpan.FromTicks((long)Math.Min(ns / 100, (ulong)Longest.Ticks)) : fallback;
}
