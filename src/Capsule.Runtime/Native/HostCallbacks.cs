using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// The native entry points for host functions and resource destructors.
/// Each receives a GCHandle to its managed target as <c>data</c>; exceptions
/// become Wasmtime errors (which trap the guest), never unwinding into Rust.
/// </summary>
internal static unsafe class HostCallbacks
{
    public sealed record FunctionTarget(string QualifiedName, HostFunction Function)
    {
        /// <summary>Its interface's number, for the run's host-call count (<see cref="Diagnostics.RunCost"/>).</summary>
        public int InterfaceIndex { get; } = Diagnostics.HostInterfaceNames.IndexOf(QualifiedName[..Math.Max(0, QualifiedName.IndexOf('#', StringComparison.Ordinal))]);
    }

    public sealed record DestructorTarget(string QualifiedName, ResourceDestructor Destructor);

    [UnmanagedCallersOnly]
    public static IntPtr InvokeFunction(IntPtr data, IntPtr context, IntPtr functionType, ComponentValNative* args, nuint argCount, ComponentValNative* results, nuint resultCount)
    {
        var target = (FunctionTarget)GCHandle.FromIntPtr(data).Target!;
        ComponentStore? store = null;
        try
        {
            store = ComponentStore.FromContext(context);
            store.Cost?.CountHostCall(target.InterfaceIndex);
            target.Function(store, new ValSpan(args, (int)argCount, context), new ValSpan(results, (int)resultCount, context));
            return IntPtr.Zero;
        }
        catch (Exception e)
        {
            store?.LastHostException = e;
            return NativeError.New($"host function {target.QualifiedName} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    [UnmanagedCallersOnly]
    public static IntPtr InvokeDestructor(IntPtr data, IntPtr context, uint rep)
    {
        var target = (DestructorTarget)GCHandle.FromIntPtr(data).Target!;
        ComponentStore? store = null;
        try
        {
            store = ComponentStore.FromContext(context);
            target.Destructor(store, rep);
            return IntPtr.Zero;
        }
        catch (Exception e)
        {
            store?.LastHostException = e;
            return NativeError.New($"destructor of {target.QualifiedName} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// The store's epoch-deadline callback, on every tick while guest code runs:
    /// traps the guest once its run is due (deadline or cancel), else lets it run one more tick.
    /// <c>data</c> is the store's own GCHandle.
    /// </summary>
    [UnmanagedCallersOnly]
    public static IntPtr OnEpochDeadline(IntPtr context, IntPtr data, ulong* delta, byte* updateKind)
    {
        try
        {
            var deadline = ((ComponentStore)GCHandle.FromIntPtr(data).Target!).Deadline;
            if (deadline.OnTick())
            {
                return NativeError.New(deadline.Stopped().Message);
            }
            *delta = Engine.CapsuleEngine.DeadlineCheckTicks;
            *updateKind = 0; // WASMTIME_UPDATE_DEADLINE_CONTINUE
            return IntPtr.Zero;
        }
        catch (Exception e)
        {
            return NativeError.New($"epoch deadline check failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Frees the GCHandle of a target when Wasmtime drops the linker entry.</summary>
    [UnmanagedCallersOnly]
    public static void FreeTarget(IntPtr data) => GCHandle.FromIntPtr(data).Free();
}
