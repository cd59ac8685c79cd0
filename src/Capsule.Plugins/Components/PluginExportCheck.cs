using Capsule.Plugins.Failures;
using Capsule.Runtime.Inspection;
using Capsule.Runtime.Loading;

namespace Capsule.Plugins.Components;

/// <summary>
/// Checks at load that a component exports every function of the world the app expects: each exported
/// interface by its exact name (version included) with each of its functions, each root function by name.
/// The error names the first missing one and what the component exports instead. (Signatures are checked by
/// Wasmtime at the call; checking them at load needs the component's export types, which the typed plugin
/// layer reads.)
/// </summary>
internal static class PluginExportCheck
{
    public static void Check(PluginHost host, LoadedGuest guest, PluginWorld world, string name)
    {
        if (guest.Component is null)
        {
            throw new PluginLoadException(name, "is a core module; a component plugin is a component (an Extism plugin is an ExtismPlugin)");
        }
        var exports = new WasmInspector(host.Engine.WasmEngine, []).Describe(guest).Exports;
        foreach (var function in world.Functions)
        {
            if (function.Interface is null)
            {
                if (!exports.Any(e => e.Name == function.Name))
                {
                    throw new PluginLoadException(name, $"does not export the function {function.Name} of the world {world.World.Name} (it exports {List(exports)})");
                }
                continue;
            }
            var iface = exports.FirstOrDefault(e => e.Name == function.Interface)
                ?? throw new PluginLoadException(name, $"does not export {function.Interface}, which the world {world.World.Name} expects (it exports {List(exports)})");
            if (!iface.Members.Contains(function.Wit.ExternName))
            {
                throw new PluginLoadException(name, $"exports {function.Interface} without its function {function.Wit.ExternName} (it has {string.Join(", ", iface.Members)})");
            }
        }
    }

    private static string List(IReadOnlyList<WasmItem> exports) => exports.Count == 0 ? "nothing" : string.Join(", ", exports.Select(e => e.Name));
}
