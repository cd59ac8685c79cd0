using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi;

namespace Capsule.Plugins.Components;

/// <summary>
/// One instance of a plugin version in its own store, serving calls one at a time: the first call
/// instantiates it under its deadline; later ones set their deadline and fuel afresh. Not thread-safe.
/// </summary>
internal sealed class PluginInstance(WasiHost host, Wasmtime.Components.Component component, GuestGrants grants, GuestOutput output) : IDisposable
{
    private ComponentStore? _store;
    private ComponentInstanceRef? _instance;

    /// <summary>Calls it served to the end.</summary>
    public int Served { get; set; }

    /// <summary>The instance, ready for a call bounded by <paramref name="deadline"/> and <paramref name="limits"/>.</summary>
    public ComponentInstanceRef Start(RunDeadline deadline, ResourceLimits limits)
    {
        if (_instance is not null)
        {
            _store!.State.Deadline = deadline;
            _store.StartRun(deadline, limits);
            return _instance;
        }
        _store = host.CreateStore(grants with { Limits = limits }, output, deadline);
        return _instance = host.Linker.Instantiate(_store, component);
    }

    /// <summary>Releases the store and everything in it.</summary>
    public void Dispose() => _store?.Dispose();
}
