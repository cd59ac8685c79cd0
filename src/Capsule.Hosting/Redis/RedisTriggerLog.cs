using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Redis;

/// <summary>Log messages of the redis trigger; event ids 320-339.</summary>
internal static partial class RedisTriggerLog
{
    [LoggerMessage(320, LogLevel.Information, "redis trigger {Trigger}: component={Component} subscribed to channel \"{Channel}\" on {Address}")]
    public static partial void Subscribed(ILogger logger, string trigger, string component, string channel, string address);

    [LoggerMessage(321, LogLevel.Information, "redis {Trigger} handled a message on \"{Channel}\": component={Component} in {Milliseconds:F2}ms")]
    public static partial void Handled(ILogger logger, string trigger, string channel, string component, double milliseconds);

    [LoggerMessage(322, LogLevel.Error, "redis {Trigger} failed: component={Component} channel=\"{Channel}\" cause={Cause} duration={Milliseconds:F2}ms ({Failed} failed so far)")]
    public static partial void Failed(ILogger logger, string trigger, string component, string channel, string cause, double milliseconds, long failed);

    [LoggerMessage(323, LogLevel.Warning, "redis trigger: {Address} cannot be reached yet ({Cause}); subscribing once it answers")]
    public static partial void Unreachable(ILogger logger, string address, string cause);

    [LoggerMessage(324, LogLevel.Warning, "redis trigger: lost the connection to {Address} ({Cause}); messages published meanwhile are not received, the subscriptions are renewed when it is back")]
    public static partial void ConnectionLost(ILogger logger, string address, string cause);

    [LoggerMessage(325, LogLevel.Information, "redis trigger: connected again to {Address}; subscriptions renewed")]
    public static partial void ConnectionRestored(ILogger logger, string address);

    [LoggerMessage(327, LogLevel.Warning, "redis {Trigger}: a message on \"{Channel}\" was dropped: {Waiting} messages ({Bytes} bytes) already wait for the handler, the most kept ({Dropped} dropped so far)")]
    public static partial void Dropped(ILogger logger, string trigger, string channel, int waiting, long bytes, long dropped);

    [LoggerMessage(326, LogLevel.Information, "redis {Trigger} stopped after {Handled} messages ({Failed} failed)")]
    public static partial void Stopped(ILogger logger, string trigger, long handled, long failed);
}
