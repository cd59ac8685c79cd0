using Microsoft.Extensions.Hosting;

namespace Capsule.AspNetCore;

/// <summary>
/// Compiles and links every mapped app while the host starts, before the
/// server listens (<see cref="IHostedLifecycleService.StartingAsync"/> runs
/// before any hosted service starts, the server's included): as under
/// <c>capsule up</c>, a bad manifest or component fails start-up with one line
/// naming it, not the first request.
/// </summary>
internal sealed class CapsuleStartup(CapsuleApps apps) : IHostedLifecycleService
{
    /// <inheritdoc/>
    public Task StartingAsync(CancellationToken cancellationToken) =>
        // Compiling takes seconds: off the thread that called StartAsync, and abandoned (not interrupted) on cancel.
        Task.Run(apps.LoadAll, CancellationToken.None).WaitAsync(cancellationToken);

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
