using System.Runtime.InteropServices;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Components.Running;

/// <summary>
/// A Wasmtime store for one instance of the component layer, bounded as the component path bounds its
/// stores (<see cref="ComponentStore"/>): memory limiter, epoch deadline checked on every tick, fuel when
/// the engine meters it. Its data is a GCHandle to itself, an <see cref="IInstanceStateOwner"/>, which is
/// how lowered host functions find <see cref="InstanceState"/>. One store, one thread at a time.
/// </summary>
public sealed unsafe class CoreStore : IDisposable, IInstanceStateOwner
{
    private IntPtr _store;
    private GCHandle _self;
    private readonly bool _ownsDeadline;
    private readonly bool _consumesFuel;

    /// <summary>
    /// A store on <paramref name="engine"/> bounded by <paramref name="limits"/>, stopped by
    /// <paramref name="deadline"/> (by default one from <c>limits.Timeout</c>, owned by the store).
    /// </summary>
    public CoreStore(CapsuleEngine engine, ResourceLimits limits, RunDeadline? deadline = null)
    {
        _ownsDeadline = deadline is null;
        Deadline = deadline ?? new RunDeadline(limits.Timeout);
        _self = GCHandle.Alloc(this);
        _store = ComponentNative.wasmtime_store_new(WasmtimeHandles.Of(engine.WasmEngine), GCHandle.ToIntPtr(_self), null);
        GC.KeepAlive(engine);
        Context = ComponentNative.wasmtime_store_context(_store);
        ComponentNative.wasmtime_store_limiter(_store, limits.MaxMemoryBytes, -1, -1, -1, -1);
        ComponentNative.wasmtime_store_epoch_deadline_callback(_store, &OnEpochDeadline, GCHandle.ToIntPtr(_self), null);
        ComponentNative.wasmtime_context_set_epoch_deadline(Context, CapsuleEngine.DeadlineCheckTicks);
        _consumesFuel = engine.Settings.ConsumeFuel;
        if (_consumesFuel)
        {
            NativeError.ThrowIfError(ComponentNative.wasmtime_context_set_fuel(Context, limits.Fuel ?? ulong.MaxValue), "set fuel");
        }
    }

    /// <summary>The canonical ABI state of the instance in this store.</summary>
    public InstanceState InstanceState { get; } = new();

    /// <summary>The run's deadline, checked on every epoch tick while guest code runs.</summary>
    public RunDeadline Deadline { get; private set; }

    internal IntPtr Context { get; }

    /// <summary>Whether a component instance was made in this store (one per store: they would share the state).</summary>
    internal bool HasInstance { get; set; }

    /// <summary>
    /// Starts another run of the instance this store keeps (instance reuse): <paramref name="deadline"/> (owned by
    /// the caller) stops it from now on, the epoch deadline is re-armed and the fuel refilled from <paramref name="limits"/>.
    /// </summary>
    public void StartRun(RunDeadline deadline, ResourceLimits limits)
    {
        if (_ownsDeadline)
        {
            throw new InvalidOperationException("a store that owns its deadline serves one run");
        }
        Deadline = deadline;
        InstanceState.LastHostException = null;
        ComponentNative.wasmtime_context_set_epoch_deadline(Context, CapsuleEngine.DeadlineCheckTicks);
        if (_consumesFuel)
        {
            NativeError.ThrowIfError(ComponentNative.wasmtime_context_set_fuel(Context, limits.Fuel ?? ulong.MaxValue), "set fuel");
        }
    }

    /// <summary>Releases the native store and everything instantiated in it.</summary>
    public void Dispose()
    {
        if (_store == IntPtr.Zero)
        {
            return;
        }
        ComponentNative.wasmtime_store_delete(_store);
        _store = IntPtr.Zero;
        _self.Free();
        if (_ownsDeadline)
        {
            Deadline.Dispose();
        }
    }

    /// <summary>Traps the guest once its run is due, else lets it run one more check interval.</summary>
    [UnmanagedCallersOnly]
    private static IntPtr OnEpochDeadline(IntPtr context, IntPtr data, ulong* delta, byte* updateKind)
    {
        try
        {
            var deadline = ((CoreStore)GCHandle.FromIntPtr(data).Target!).Deadline;
            if (deadline.OnTick())
            {
                return NativeError.New(deadline.Stopped().Message);
            }
            *delta = CapsuleEngine.DeadlineCheckTicks;
            *updateKind = 0; // WASMTIME_UPDATE_DEADLINE_CONTINUE
            return IntPtr.Zero;
        }
        catch (Exception e)
        {
            return NativeError.New($"epoch deadline check failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
