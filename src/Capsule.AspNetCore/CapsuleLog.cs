using Microsoft.Extensions.Logging;

namespace Capsule.AspNetCore;

/// <summary>Log messages of the ASP.NET Core integration; event ids 300-309 (requests log as under <c>capsule up</c>, 200-299).</summary>
internal static partial class CapsuleLog
{
    [LoggerMessage(300, LogLevel.Information, "app {App} compiled and linked; serving under {BasePath}")]
    public static partial void AppLoaded(ILogger logger, string app, string basePath);

    [LoggerMessage(301, LogLevel.Error, "app {App} cannot be loaded: {Cause}")]
    public static partial void AppFailed(ILogger logger, string app, string cause);
}
