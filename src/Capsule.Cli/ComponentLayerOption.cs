using System.CommandLine;
using Capsule.Runtime.Components.Running;

namespace Capsule.Cli;

/// <summary>
/// The hidden <c>--component-layer wasmtime|core</c> of <c>capsule run</c> and <c>capsule up</c> (issue 21): hidden until
/// the component layer serves every guest. Without it, <c>CAPSULE_COMPONENT_LAYER</c> decides, else wasmtime.
/// </summary>
internal static class ComponentLayerOption
{
    /// <summary>A new option (one per command).</summary>
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--component-layer")
        {
            Description = "Which layer runs components on Capsule's WASI host: wasmtime (the component C API) or core (Capsule's component layer "
                + $"on the core C API; a component it cannot run yet falls back, said on stderr) [default: ${ComponentLayers.EnvironmentVariable}, else wasmtime]",
            HelpName = "wasmtime|core",
            Hidden = true,
        };
        option.AcceptOnlyFromAmong("wasmtime", "core");
        return option;
    }

    /// <summary>
    /// The layer <paramref name="flag"/> names, else the environment's; null with <paramref name="error"/> set when
    /// <c>CAPSULE_COMPONENT_LAYER</c> names no layer.
    /// </summary>
    public static ComponentLayer? Resolve(string? flag, out string? error)
    {
        error = null;
        if (flag is not null)
        {
            return ComponentLayers.Parse(flag);
        }
        try
        {
            return ComponentLayers.Default;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }
    }
}
