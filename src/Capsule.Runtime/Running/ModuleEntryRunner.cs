using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Wasmtime;

namespace Capsule.Runtime.Running;

/// <summary>
/// Runs one exported entry point (<c>_start</c> or another) of a WASI preview 1 core
/// module on Wasmtime's own WASI, a fresh store per run bounded by the grants: what a
/// WAGI request needs. Cancellation stops the guest like the deadline does. The
/// linker is built once; <see cref="Run"/> may be called from several threads at once.
/// </summary>
public sealed class ModuleEntryRunner : IDisposable
{
    private readonly StoreFactory _stores;
    private readonly Linker _linker;
    private readonly bool _consumesFuel;

    /// <summary>Builds the WASI preview 1 linker for <paramref name="engine"/>.</summary>
    public ModuleEntryRunner(CapsuleEngine engine)
    {
        _stores = new StoreFactory(engine);
        _linker = new Linker(engine.WasmEngine);
        _linker.DefineWasi();
        _consumesFuel = engine.Settings.ConsumeFuel;
    }

    /// <summary>
    /// Checks once, before serving, that <paramref name="guest"/> is a core module exporting
    /// <paramref name="entrypoint"/> as a function and that its imports are all WASI preview 1
    /// (an instantiation in a throwaway store; no guest code runs but its start section, if any).
    /// Throws <see cref="WasmLoadException"/> with the cause.
    /// </summary>
    public static void Check(LoadedGuest guest, string entrypoint)
    {
        if (guest.Module is not { } module)
        {
            throw new WasmLoadException(guest.Path, "is a component; the wagi executor runs WASI preview 1 core modules (use executor \"http\" for components)");
        }
        if (!module.Exports.Any(e => e.Name == entrypoint && e is FunctionExport))
        {
            var exported = string.Join(", ", module.Exports.Select(e => e.Name));
            throw new WasmLoadException(guest.Path, $"exports no function '{entrypoint}' (the wagi entrypoint; it exports {(exported.Length == 0 ? "nothing" : exported)})");
        }
        foreach (var import in module.Imports.Where(i => i.ModuleName != "wasi_snapshot_preview1"))
        {
            throw new WasmLoadException(guest.Path, $"unsatisfied import `{import.ModuleName}::{import.Name}`: the wagi executor provides only WASI preview 1 (wasi_snapshot_preview1)");
        }
    }

    /// <summary>
    /// What one instance of <paramref name="guest"/> takes from the instance pool: one core
    /// instance, and the memories and tables it defines, counted by instantiating it in stores
    /// whose limits cap each count (<see cref="PoolFootprint.Measure"/>).
    /// </summary>
    public PoolFootprint Footprint(LoadedGuest guest, GuestGrants grants, EngineSettings settings) =>
        PoolFootprint.Measure(settings, (instances, memories, tables) =>
        {
            using var deadline = new RunDeadline(grants.Limits.Timeout);
            using var store = _stores.Create(grants with { Mounts = [], Stdin = StdinSource.Empty }, GuestOutput.Discard, deadline);
            store.SetLimits(grants.Limits.MaxMemoryBytes, null, instances, tables, memories);
            try
            {
                _linker.Instantiate(store, guest.Module!);
                return true;
            }
            catch (WasmtimeException)
            {
                return false;
            }
        });

    /// <summary>
    /// Instantiates <paramref name="guest"/> in a fresh store made from <paramref name="grants"/>
    /// (arguments, environment, mounts, stdin, limits) and calls <paramref name="entrypoint"/>.
    /// A <c>proc_exit</c> is <see cref="RunOutcome.Exited"/> with its code; a trap, timeout or
    /// <paramref name="cancel"/> is the matching outcome, never an exception. <paramref name="cost"/>, when
    /// given, gets the instance's peak linear memory and (when the engine meters it) the fuel it used.
    /// </summary>
    public RunOutcome Run(LoadedGuest guest, string entrypoint, GuestGrants grants, GuestOutput output, CancellationToken cancel = default, RunCost? cost = null)
    {
        using var deadline = new RunDeadline(grants.Limits.Timeout, cancel);
        using var store = _stores.Create(grants, output, deadline);
        Instance? instance = null;
        try
        {
            var instantiating = System.Diagnostics.Stopwatch.GetTimestamp();
            instance = _linker.Instantiate(store, guest.Module!);
            if (cost is not null)
            {
                cost.Instantiate = System.Diagnostics.Stopwatch.GetElapsedTime(instantiating);
            }
            var entry = instance.GetFunction(entrypoint)
                ?? throw new WasmLoadException(guest.Path, $"exports no function '{entrypoint}'");
            entry.Invoke();
            return new RunOutcome.Exited(0);
        }
        catch (WasmtimeException e)
        {
            return TrapClassifier.FromStop(deadline)
                ?? (TrapClassifier.IsPoolExhausted(e.Message) ? new RunOutcome.NoCapacity(TrapDescription.Message(e.Message))
                : TrapClassifier.FromWasmtime(e, grants.Limits, Path.GetFileName(guest.Path)));
        }
        finally
        {
            if (cost is not null)
            {
                Measure(guest.Module!, instance, store, grants.Limits, cost);
            }
        }
    }

    // A memory never shrinks: its size at the end is its peak. Memories a module neither exports nor
    // imports are not reachable through the API (WASI preview 1 modules export theirs as "memory").
    private void Measure(Module module, Instance? instance, Store store, ResourceLimits limits, RunCost cost)
    {
        if (instance is not null)
        {
            cost.PeakMemoryBytes = module.Exports.OfType<MemoryExport>().Sum(m => instance.GetMemory(m.Name)?.GetLength() ?? 0);
        }
        if (_consumesFuel)
        {
            var budget = limits.Fuel ?? ulong.MaxValue;
            cost.Fuel = budget - Math.Min(budget, store.Fuel);
        }
    }

    /// <summary>Releases the linker.</summary>
    public void Dispose() => _linker.Dispose();
}
