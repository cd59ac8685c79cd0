using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>
/// Every <see cref="ServerOptions.IdleSlotReleaseInterval"/>, asks each served
/// component to give back the pool memory a past burst left resident
/// (<see cref="Runtime.Loading.LoadedGuest.ReleaseIdleSlots"/>): after 400
/// concurrent requests to a JS guest the process otherwise stayed at 2.5 GB.
/// </summary>
internal sealed class IdleSlotRelease(AppVersions versions, ServerOptions options, ILogger<IdleSlotRelease> logger) : BackgroundService
{
    /// <summary>
    /// Fewer warm slots than this are left alone: a JS slot holds ~8 MiB, so
    /// 16 is ~128 MiB, and reloading a 13 MB component costs tens of ms.
    /// </summary>
    private const int MinSlots = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.IdleSlotReleaseInterval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.IdleSlotReleaseInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var component in versions.Current.App.Components.Values)
                {
                    try
                    {
                        var released = component.Guest.ReleaseIdleSlots(MinSlots);
                        if (released > 0)
                        {
                            HostingLog.SlotsReleased(logger, component.Id, released);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A failed copy (out of memory, say) must not stop the host: this is housekeeping.
                        HostingLog.SlotReleaseFailed(logger, component.Id, e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping, also when start-up failed (the host is disposed without a stop): quietly.
        }
    }
}
