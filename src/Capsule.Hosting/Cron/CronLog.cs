using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Cron;

/// <summary>Log messages of the cron trigger; event ids 300-319.</summary>
internal static partial class CronLog
{
    [LoggerMessage(300, LogLevel.Information, "cron trigger {Trigger}: component={Component} schedule \"{Expression}\" (UTC), next run {Next:O}")]
    public static partial void Scheduled(ILogger logger, string trigger, string component, string expression, DateTime? next);

    [LoggerMessage(301, LogLevel.Information, "cron {Trigger} ran component={Component} in {Milliseconds:F2}ms")]
    public static partial void Ran(ILogger logger, string trigger, string component, double milliseconds);

    [LoggerMessage(302, LogLevel.Error, "cron {Trigger} failed: component={Component} cause={Cause} duration={Milliseconds:F2}ms ({Failed} failed so far)")]
    public static partial void Failed(ILogger logger, string trigger, string component, string cause, double milliseconds, long failed);

    [LoggerMessage(303, LogLevel.Warning, "cron {Trigger} skipped the run due at {Due:O}: component={Component} is still running the previous one ({Skipped} skipped so far)")]
    public static partial void Skipped(ILogger logger, string trigger, string component, DateTime due, long skipped);

    [LoggerMessage(304, LogLevel.Information, "cron {Trigger} stopped after {Runs} runs ({Skipped} skipped, {Failed} failed)")]
    public static partial void Stopped(ILogger logger, string trigger, long runs, long skipped, long failed);
}
