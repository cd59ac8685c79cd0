using System.Diagnostics;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Http;
using Capsule.Runtime.Running;
using Capsule.Wasi;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Cron;

/// <summary>
/// Runs the app's <c>[[trigger.cron]]</c> triggers while <c>capsule up</c> serves: at each time a
/// schedule names (UTC) its component's <c>handle-cron-event</c> runs in a fresh instance, admitted
/// like an HTTP request. A run never overlaps the same trigger's previous one: a time that comes
/// while it is still going is skipped, logged and counted. On shutdown no new run starts and the
/// runs in flight finish (within the host's shutdown timeout, then they are cancelled).
/// </summary>
public sealed class CronScheduler(LoadedApp app, WasiHost host, AdmissionGate admission, ServerOptions options, ILogger<CronScheduler> logger) : BackgroundService
{
    private readonly CancellationTokenSource _cancelRuns = new();

    /// <summary>Each cron trigger's counts, in manifest order.</summary>
    public IReadOnlyList<CronSchedule> Schedules { get; } = [.. app.Manifest.CronTriggers.Select(t => new CronSchedule(t))];

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(Schedules.Select(s => Run(s, stoppingToken)));
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Runs in flight get until the host's shutdown deadline, then their guests are stopped.
        using var cancelLate = cancellationToken.Register(_cancelRuns.Cancel);
        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        base.Dispose();
        _cancelRuns.Dispose();
    }

    private async Task Run(CronSchedule schedule, CancellationToken stopping)
    {
        var trigger = schedule.Trigger;
        var component = app.Components[trigger.Component];
        CronLog.Scheduled(logger, trigger.Id, trigger.Component, trigger.Expression, trigger.Schedule.GetNextOccurrence(DateTime.UtcNow, inclusive: false));
        var running = Task.CompletedTask;
        var from = DateTime.UtcNow;
        while (!stopping.IsCancellationRequested)
        {
            if (trigger.Schedule.GetNextOccurrence(from, inclusive: false) is not { } due)
            {
                break;
            }
            try
            {
                var wait = due - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stopping);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            from = due;
            if (!running.IsCompleted)
            {
                CronLog.Skipped(logger, trigger.Id, trigger.Component, due, schedule.CountSkipped());
                continue;
            }
            running = Task.Run(() => RunGuarded(schedule, component, due));
        }
        await running;
        CronLog.Stopped(logger, trigger.Id, schedule.Runs, schedule.Skipped, schedule.Failed);
    }

    // A run's failure is logged and counted; it never stops the schedule or the host.
    private async Task RunGuarded(CronSchedule schedule, ServedComponent component, DateTime due)
    {
        try
        {
            await RunOnce(schedule, component, due);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            CronLog.Failed(logger, schedule.Trigger.Id, component.Id, e.Message, 0, schedule.CountFailed());
        }
    }

    private async Task RunOnce(CronSchedule schedule, ServedComponent component, DateTime due)
    {
        var trigger = schedule.Trigger;
        var started = Stopwatch.StartNew();
        schedule.CountRun();
        using var admitted = await admission.EnterAsync(component.Id, _cancelRuns.Token);
        if (admitted.Refusal is { } refusal)
        {
            CronLog.Failed(logger, trigger.Id, component.Id, refusal, started.Elapsed.TotalMilliseconds, schedule.CountFailed());
            return;
        }
        var budget = new GuestLogBudget(options.GuestLogBytesPerRequest, options.GuestLogLinesPerRequest);
        var stdout = new GuestLogWriter(logger, component.Id, isError: false, budget);
        var stderr = new GuestLogWriter(logger, component.Id, isError: true, budget);
        var timestamp = (ulong)new DateTimeOffset(due).ToUnixTimeSeconds();
        var (outcome, error) = CronHandler.Run(host, component, timestamp, GuestOutput.ToCallbacks(stdout.Write, stderr.Write), _cancelRuns.Token);
        stdout.Flush();
        stderr.Flush();
        if (outcome is RunOutcome.Exited { Code: 0 })
        {
            CronLog.Ran(logger, trigger.Id, component.Id, started.Elapsed.TotalMilliseconds);
            return;
        }
        var cause = error is not null ? $"the handler returned an error ({error})" : FailureCause.Of(outcome, "cancelled (shutting down)");
        CronLog.Failed(logger, trigger.Id, component.Id, cause, started.Elapsed.TotalMilliseconds, schedule.CountFailed());
    }
}
