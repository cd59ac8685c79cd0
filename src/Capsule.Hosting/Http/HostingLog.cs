using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>Log messages of the HTTP trigger; event ids 200-299.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(200, LogLevel.Information, "{Method} {Path} {Status} {Milliseconds:F2}ms component={Component}")]
    public static partial void Access(ILogger logger, string method, string path, int status, double milliseconds, string component);

    [LoggerMessage(207, LogLevel.Information, "{Method} {Path} {Status} {Milliseconds:F2}ms component={Component} {Cost}")]
    public static partial void AccessWithCost(ILogger logger, string method, string path, int status, double milliseconds, string component, string cost);

    [LoggerMessage(201, LogLevel.Error, "request failed: component={Component} route={Route} cause={Cause} duration={Milliseconds:F2}ms {Detail}")]
    public static partial void Failed(ILogger logger, string component, string route, string cause, double milliseconds, string detail);

    [LoggerMessage(202, LogLevel.Information, "[{Component}] {Line}")]
    public static partial void GuestStdout(ILogger logger, string component, string line);

    [LoggerMessage(203, LogLevel.Warning, "[{Component}] {Line}")]
    public static partial void GuestStderr(ILogger logger, string component, string line);

    [LoggerMessage(204, LogLevel.Warning, "{Note}")]
    public static partial void GuestOutputDropped(ILogger logger, string note);

    [LoggerMessage(205, LogLevel.Information, "component {Component}: reloaded its code to release the memory of {Slots} idle instance slots")]
    public static partial void SlotsReleased(ILogger logger, string component, int slots);

    [LoggerMessage(206, LogLevel.Warning, "component {Component}: could not reload its code to release idle instance slots ({Cause}); it keeps serving with the current copy")]
    public static partial void SlotReleaseFailed(ILogger logger, string component, string cause);

    [LoggerMessage(220, LogLevel.Warning, "component {Component}: an instance serving its second request or later returned without a response; "
        + "instance reuse is off for this component from now on (a componentize-js fetch-event handler cannot serve twice in one instance, "
        + "StarlingMonkey issue 247: export wasi:http/incoming-handler from the guest itself to reuse instances)")]
    public static partial void ReuseTurnedOff(ILogger logger, string component);
}
