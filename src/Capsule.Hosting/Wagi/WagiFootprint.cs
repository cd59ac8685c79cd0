using Capsule.Runtime.Engine;
using Capsule.Runtime.Running;
using Capsule.Wasi;

namespace Capsule.Hosting.Wagi;

/// <summary>What one instance of a WAGI module takes from the instance pool, for admission.</summary>
internal static class WagiFootprint
{
    /// <summary>Measured once at start-up by instantiating the module in capped throwaway stores.</summary>
    public static PoolFootprint Measure(WasiHost host, ServedComponent component)
    {
        using var runner = new ModuleEntryRunner(host.Engine);
        return runner.Footprint(component.Guest, component.Grants, host.Engine.Settings);
    }
}
