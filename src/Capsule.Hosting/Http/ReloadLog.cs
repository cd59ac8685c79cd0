using System.Diagnostics.Metrics;
using Capsule.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>What a reload (SIGHUP, <c>--reload-on-change</c>) says and counts.</summary>
internal static partial class ReloadLog
{
    /// <summary>Reloads by <c>capsule.outcome</c>: <c>loaded</c> or <c>failed</c> (the old version kept serving).</summary>
    public static Counter<long> Reloads { get; } = CapsuleTelemetry.Meter.CreateCounter<long>(
        "capsule.app.reloads", "{reload}", "Reloads of the app (SIGHUP, --reload-on-change) by outcome: loaded, or failed (the running version kept serving)");

    [LoggerMessage(240, LogLevel.Information, "reload ({Cause}): loading the app beside version {Version}")]
    public static partial void Loading(ILogger logger, string cause, int version);

    [LoggerMessage(241, LogLevel.Information, "reload: version {Version} serving (loaded in {Milliseconds} ms); version {Old} finishes its {InFlight} request(s) in flight")]
    public static partial void Serving(ILogger logger, int version, long milliseconds, int old, int inFlight);

    [LoggerMessage(242, LogLevel.Warning, "reload failed, version {Version} keeps serving: {Cause}")]
    public static partial void Failed(ILogger logger, int version, string cause);

    [LoggerMessage(243, LogLevel.Information, "reload: version {Version} released")]
    public static partial void Released(ILogger logger, int version);
}
