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
    /// <summary>
    /// A new store bounded and equipped by <paramref name="grants"/>, whose guest
    /// code stops (traps) when <paramref name="deadline"/> is due.
    /// </summary>
    public Store Create(GuestGrants grants, GuestOutput output, RunDeadline deadline)
    {
        var limits = grants.Limits;
        if (limits.Fuel is not null && !engine.Settings.ConsumeFuel)
        {
            throw new InvalidOperationException("A fuel limit needs an engine built with ConsumeFuel = true.");
        }
        var store = new Store(engine.WasmEngine);
        store.SetLimits(memorySize: limits.MaxMemoryBytes);
        store.SetWasiConfiguration(WasiContextBuilder.Build(grants, output));
        // Checked on every tick against the clock (see CapsuleEngine.DeadlineCheckTicks). The
        // callback captures the deadline, not the store, so the store can still be collected.
        store.SetEpochDeadlineCallback(_ => deadline.OnTick() ? throw deadline.Stopped() : CapsuleEngine.DeadlineCheckTicks);
        store.SetEpochDeadline(CapsuleEngine.DeadlineCheckTicks);
        if (engine.Settings.ConsumeFuel)
        {
            // A metering engine starts every store at zero fuel: no budget means unlimited.
            store.Fuel = limits.Fuel ?? ulong.MaxValue;
        }
        return store;
    }
}
