using System.Runtime.InteropServices;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Features;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Native;

/// <summary>
/// A native store for components whose imports Capsule defines itself. Its
/// <see cref="State"/> is what every host function of this store shares (the
/// resource table, the features' states). Not thread-safe: one store, one thread
/// at a time. Dispose to release the store, its instances and the state.
/// </summary>
public sealed unsafe class ComponentStore : IDisposable
{
    private IntPtr _store;
    private GCHandle _self;

    private readonly bool _ownsDeadline;
    private readonly bool _consumesFuel;

    /// <summary>
    /// Creates a store on <paramref name="engine"/> bounded by <paramref name="limits"/>,
    /// stopped by <paramref name="deadline"/> (by default one from <c>limits.Timeout</c>, owned by the store).
    /// The store owns <paramref name="state"/> and disposes it with itself.
    /// </summary>
    public ComponentStore(CapsuleEngine engine, InstanceState state, ResourceLimits limits, RunDeadline? deadline = null)
    {
        State = state;
        _ownsDeadline = deadline is null;
        Deadline = deadline ?? new RunDeadline(limits.Timeout);
        _self = GCHandle.Alloc(this);
        _store = ComponentNative.wasmtime_store_new(WasmtimeHandles.Of(engine.WasmEngine), GCHandle.ToIntPtr(_self), null);
        GC.KeepAlive(engine);
        Context = ComponentNative.wasmtime_store_context(_store);
        // -1 leaves Wasmtime's default for the counts it does not bound here.
        ComponentNative.wasmtime_store_limiter(_store, limits.MaxMemoryBytes, -1, -1, -1, -1);
        // Guest code checks the deadline on every tick: the callback compares the clock, not a tick count.
        ComponentNative.wasmtime_store_epoch_deadline_callback(_store, &HostCallbacks.OnEpochDeadline, GCHandle.ToIntPtr(_self), null);
        ComponentNative.wasmtime_context_set_epoch_deadline(Context, CapsuleEngine.DeadlineCheckTicks);
        _consumesFuel = engine.Settings.ConsumeFuel;
        if (_consumesFuel)
        {
            NativeError.ThrowIfError(ComponentNative.wasmtime_context_set_fuel(Context, limits.Fuel ?? ulong.MaxValue), "set fuel");
        }
    }

    /// <summary>The per-instance state every host function of this store sees.</summary>
    public InstanceState State { get; }

    /// <summary>The exception of the last host function that trapped the guest, kept for the report.</summary>
    public Exception? LastHostException { get; internal set; }

    /// <summary>
    /// Where the current run's host calls (and, when the engine meters it, fuel) are counted; null counts
    /// nothing. Fuel is read when the cost is set (the run starts) and when it is replaced, cleared or the
    /// store disposed (the run ended).
    /// </summary>
    public Diagnostics.RunCost? Cost
    {
        get => _cost;
        set
        {
            RecordFuel();
            _cost = value;
            _fuelAtStart = _consumesFuel && value is not null ? Fuel() : 0;
        }
    }

    private Diagnostics.RunCost? _cost;
    private ulong _fuelAtStart;

    private ulong Fuel()
    {
        ulong fuel;
        return ComponentNative.wasmtime_context_get_fuel(Context, &fuel) == IntPtr.Zero ? fuel : 0;
    }

    // The fuel the run that ends used goes into its cost; refilled fuel (StartRun) is read as the next start.
    private void RecordFuel()
    {
        if (_consumesFuel && _cost is not null && _store != IntPtr.Zero)
        {
            _cost.Fuel = _fuelAtStart - Math.Min(_fuelAtStart, Fuel());
        }
    }

    /// <summary>The run's deadline and cancellation, checked on every epoch tick while guest code runs.</summary>
    public RunDeadline Deadline { get; private set; }

    internal IntPtr Context { get; }

    /// <summary>
    /// Also caps how many core instances, memories and tables this store may
    /// create (null: Wasmtime's default, 10,000). Used to measure what a
    /// component takes from the pool (<see cref="Engine.PoolFootprint"/>).
    /// </summary>
    public void LimitCounts(ResourceLimits limits, int? instances, int? memories, int? tables) =>
        ComponentNative.wasmtime_store_limiter(_store, limits.MaxMemoryBytes, -1, instances ?? -1, tables ?? -1, memories ?? -1);

    /// <summary>
    /// Starts another run in this store (a reused instance serving its next request):
    /// guest code is checked against <paramref name="deadline"/> from now on, the epoch
    /// deadline is set afresh and fuel refilled to <paramref name="limits"/>' budget.
    /// The caller owns <paramref name="deadline"/>. On the store's thread, between runs.
    /// </summary>
    public void StartRun(RunDeadline deadline, ResourceLimits limits)
    {
        if (_ownsDeadline)
        {
            throw new InvalidOperationException("a store that owns its deadline serves one run");
        }
        Deadline = deadline;
        LastHostException = null;
        ComponentNative.wasmtime_context_set_epoch_deadline(Context, CapsuleEngine.DeadlineCheckTicks);
        if (_consumesFuel)
        {
            NativeError.ThrowIfError(ComponentNative.wasmtime_context_set_fuel(Context, limits.Fuel ?? ulong.MaxValue), "set fuel");
        }
    }

    internal static ComponentStore FromContext(IntPtr context)
    {
        var data = ComponentNative.wasmtime_context_get_data(context);
        return (ComponentStore)GCHandle.FromIntPtr(data).Target!;
    }

    /// <summary>Releases the native store and everything instantiated in it.</summary>
    public void Dispose()
    {
        if (_store != IntPtr.Zero)
        {
            RecordFuel();
            ComponentNative.wasmtime_store_delete(_store);
            _store = IntPtr.Zero;
            _self.Free();
            State.Dispose();
            if (_ownsDeadline)
            {
                Deadline.Dispose();
            }
        }
    }
}
