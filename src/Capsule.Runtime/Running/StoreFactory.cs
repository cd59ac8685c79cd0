using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Wasmtime;

namespace Capsule.Runtime.Running;

/// <summary>
/// Creates the per-run (later per-request) store: memory limit, epoch
/// deadline, fuel and a WASI context built from the grants and nothing else.
/// Thread-safe; each store belongs to the caller, who disposes it.
/// </summary>
public sealed class StoreFactory(CapsuleEngine engine)
{
    /// <summary>A new store bounded and equipped by <paramref name="grants"/>.</summary>
    public Store Create(GuestGrants grants, GuestOutput output)
    {
        var limits = grants.Limits;
        if (limits.Fuel is not null && !engine.Settings.ConsumeFuel)
        {
            throw new InvalidOperationException("A fuel limit needs an engine built with ConsumeFuel = true.");
        }
        var store = new Store(engine.WasmEngine);
        store.SetLimits(memorySize: limits.MaxMemoryBytes);
        store.SetWasiConfiguration(WasiContextBuilder.Build(grants, output));
        store.SetEpochDeadline(engine.DeadlineTicks(limits.Timeout));
        if (engine.Settings.ConsumeFuel)
        {
            // A metering engine starts every store at zero fuel: no budget means unlimited.
            store.Fuel = limits.Fuel ?? ulong.MaxValue;
        }
        return store;
    }
}
