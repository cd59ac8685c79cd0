using Capsule.Runtime.Features;
using Capsule.Runtime.Native;

namespace Capsule.Wasi.Binding;

/// <summary>Writes the payload of an ok result.</summary>
internal delegate void OkWriter<in T>(ValRef ok, T value);

/// <summary>Lifting and lowering shared by every interface binding.</summary>
internal static class BindingHelpers
{
    /// <summary>The host object behind a handle argument (resolving the borrow, as Wasmtime requires).</summary>
    public static T Get<T>(this ComponentStore store, ValRef handle)
        where T : class => store.State.Table.Get<T>(handle.Resource.Rep);

    /// <summary>The host object behind an owned handle the guest hands over: it leaves the table (no destructor will run).</summary>
    public static T Take<T>(this ComponentStore store, ValRef handle)
        where T : class => store.State.Table.Take<T>(handle.Resource.Rep);

    /// <summary>Adds <paramref name="resource"/> to the table and writes an owned handle to it.</summary>
    public static void SetOwn(this ValRef target, ComponentStore store, uint type, object resource) =>
        target.SetResource(type, store.State.Table.Add(resource));

    /// <summary>A destructor that removes (and disposes) the dropped handle's object.</summary>
    public static ResourceDestructor Drop => (store, rep) => store.State.Table.Delete(rep);

    /// <summary>wasi:clocks/wall-clock's datetime record (the filesystem's timestamps).</summary>
    public static void SetDatetime(ValRef target, Clocks.Datetime value)
    {
        target.SetRecord("seconds", "nanoseconds");
        target.Field(0).SetU64(value.Seconds);
        target.Field(1).SetU32(value.Nanoseconds);
    }
}
