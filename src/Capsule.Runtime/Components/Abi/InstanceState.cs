using System.Runtime.InteropServices;
using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// The canonical ABI's state of one component instance: its handle table, its resolved canonical
/// options, the <c>may_leave</c>/<c>may_enter</c> flags, and the host's per-instance object. The store's
/// data (<c>wasmtime_store_new</c>'s <c>data</c>) is a GCHandle to it, or to an
/// <see cref="IInstanceStateOwner"/>, which is how a host function finds it.
/// </summary>
public class InstanceState
{
    /// <summary>The instance's resource handles.</summary>
    public HandleTable Handles { get; } = new();

    /// <summary>Canonical options by slot, as the plan numbered them and the instantiation resolved them.</summary>
    public List<CanonOptions> Options { get; } = [];

    /// <summary>What the host keeps for this instance (the implementations host functions call).</summary>
    public object? Host { get; set; }

    /// <summary>
    /// False while the instance runs <c>realloc</c> or post-return: a call out of the instance then traps
    /// (the canonical ABI's <c>may_leave</c>).
    /// </summary>
    public bool MayLeave { get; internal set; } = true;

    /// <summary>False while one of the instance's exports runs: entering it again traps (<c>may_enter</c>).</summary>
    public bool MayEnter { get; internal set; } = true;

    /// <summary>The exception that made the last host call trap (its cause, for the error a caller sees).</summary>
    public Exception? LastHostException { get; set; }

    /// <summary>The state of the store <paramref name="context"/> (its data's GCHandle target).</summary>
    internal static InstanceState FromContext(IntPtr context)
    {
        var data = ComponentNative.wasmtime_context_get_data(context);
        var target = data == IntPtr.Zero ? null : GCHandle.FromIntPtr(data).Target;
        return target as InstanceState
            ?? (target as IInstanceStateOwner)?.InstanceState
            ?? throw new InvalidOperationException("the store's data is not an InstanceState: the store was not made for the component layer");
    }
}

/// <summary>A store's data object that carries the instance's <see cref="Abi.InstanceState"/>.</summary>
public interface IInstanceStateOwner
{
    /// <summary>The instance state host functions of this store use.</summary>
    InstanceState InstanceState { get; }
}
