using Microsoft.Extensions.Hosting;

namespace Capsule.Hosting.Http;

/// <summary>
/// Stops the guests still running shortly before the shutdown grace period ends, so each of their
/// requests still gets an answer (503 with Retry-After when nothing was sent) and a log line that
/// says shutdown, instead of Kestrel aborting the connection at the deadline and the request being
/// logged as a client that disconnected. Thread-safe; one per server.
/// </summary>
public sealed class ShutdownCut : IDisposable
{
    private readonly CancellationTokenSource _cut = new();
    private readonly CancellationTokenRegistration _stopping;

    /// <summary>Cuts at <see cref="ServerOptions.ShutdownTimeout"/> less a margin after <paramref name="lifetime"/> starts stopping.</summary>
    public ShutdownCut(IHostApplicationLifetime lifetime, ServerOptions options)
    {
        var grace = options.ShutdownTimeout;
        // Room to write the answers before Kestrel gives up: a second, or a quarter of a short grace period.
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, grace.Ticks / 4));
        _stopping = lifetime.ApplicationStopping.Register(() => _cut.CancelAfter(grace - margin));
    }

    /// <summary>Cancelled when in-flight guests must stop for shutdown.</summary>
    public CancellationToken Token => _cut.Token;

    /// <summary>Whether the cut has come: a cancelled run was stopped by shutdown, not by its client.</summary>
    public bool HasCut => _cut.IsCancellationRequested;

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Dispose();
        _cut.Dispose();
    }
}
