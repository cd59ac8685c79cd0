using System.Globalization;

namespace Capsule.Hosting.Registry;

/// <summary>
/// Reads a registry's bodies: fails as soon as more than a bound has come (a hostile registry
/// can send forever), and when a single read waits longer than <see cref="IdleTimeout"/> (a
/// registry can also stall after its headers, forever).
/// </summary>
internal static class BoundedCopy
{
    /// <summary>The variable that sets <see cref="IdleTimeout"/>, in seconds.</summary>
    public const string IdleVariable = "CAPSULE_REGISTRY_IDLE_SECONDS";

    /// <summary>How long one read of a body may wait for data: 30 s, or <c>$CAPSULE_REGISTRY_IDLE_SECONDS</c>.</summary>
    public static TimeSpan IdleTimeout =>
        int.TryParse(Environment.GetEnvironmentVariable(IdleVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86400
            ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(30);

    public static async Task To(Stream source, Stream target, long maxBytes, Func<Exception> tooLarge, CancellationToken cancellation)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await Read(source, buffer, cancellation)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw tooLarge();
            }
            await target.WriteAsync(buffer.AsMemory(0, read), cancellation);
        }
    }

    /// <summary>One read, given up with a <see cref="TimeoutException"/> after <see cref="IdleTimeout"/> without data.</summary>
    public static async Task<int> Read(Stream source, Memory<byte> buffer, CancellationToken cancellation)
    {
        var idle = IdleTimeout;
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        stalled.CancelAfter(idle);
        try
        {
            return await source.ReadAsync(buffer, stalled.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"nothing came for {idle.TotalSeconds:0} s (${IdleVariable})");
        }
    }
}
