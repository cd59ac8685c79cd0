using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Native;

namespace Capsule.Runtime.Running;

/// <summary>Finds the exported interface a runner calls, whatever 0.2.x version the guest names.</summary>
public static class ComponentExports
{
    // Reading a component's type walks every import and export through the C API:
    // fine once, wasteful per request. Keyed weakly so unloaded guests are not kept.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LoadedGuest, System.Collections.Concurrent.ConcurrentDictionary<string, string>> Found = new();

    /// <summary>
    /// The full name of the export starting with <paramref name="prefix"/>
    /// (e.g. <c>wasi:cli/run@</c>); a <see cref="WasmLoadException"/> that
    /// lists what the component does export when there is none.
    /// </summary>
    public static string Find(CapsuleEngine engine, LoadedGuest guest, string prefix) =>
        Found.GetOrCreateValue(guest).GetOrAdd(prefix, p => Lookup(engine, guest, p));

    private static string Lookup(CapsuleEngine engine, LoadedGuest guest, string prefix)
    {
        var component = guest.Component ?? throw new WasmLoadException(guest.Path, "not a component");
        var (_, exports) = ComponentTypeReader.Read(engine.WasmEngine, component);
        return Require(guest.Path, exports.Select(e => e.Name).ToList(), prefix);
    }

    /// <summary>
    /// The export of <paramref name="exportNames"/> starting with
    /// <paramref name="prefix"/>; else a <see cref="WasmLoadException"/>
    /// saying what the component at <paramref name="path"/> exports instead.
    /// </summary>
    public static string Require(string path, IReadOnlyList<string> exportNames, string prefix)
    {
        var match = exportNames.FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal));
        if (match is not null)
        {
            return match;
        }
        var names = exportNames.Count == 0 ? "nothing" : string.Join(", ", exportNames);
        var wanted = prefix.TrimEnd('@');
        var hint = wanted == "wasi:cli/run" && exportNames.Any(e => e.StartsWith("wasi:http/incoming-handler@", StringComparison.Ordinal))
            ? "; it is an HTTP handler, to be served rather than run"
            : "";
        throw new WasmLoadException(path, $"component does not export {wanted} (it exports {names}){hint}");
    }
}
