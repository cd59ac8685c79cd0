using Microsoft.Extensions.Logging;

namespace Capsule.Runtime.Components.Running;

/// <summary>The component layer's log lines.</summary>
public static partial class ComponentLayerLog
{
    /// <summary>A component the component layer cannot run goes to Wasmtime's component API; said once per component.</summary>
    [LoggerMessage(400, LogLevel.Information, "{Source}: the component layer cannot run it ({Reason}); running it on Wasmtime's component API")]
    public static partial void FellBack(ILogger logger, string source, string reason);
}
