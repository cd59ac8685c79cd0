using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Plan;
using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Grants;

namespace Capsule.Runtime.Tests.Components.Running;

/// <summary>Guests the component layer's runner must stop or refuse with a clear cause, the host going on.</summary>
public sealed class CoreLayerHostileTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>
{
    private const string Looper = """
        (component
          (core module $m (func (export "spin") (loop $l (br $l))))
          (core instance $i (instantiate $m))
          (func $spin (canon lift (core func $i "spin")))
          (export "spin" (func $spin)))
        """;

    private const string Trapper = """
        (component
          (core module $m (func (export "boom") unreachable))
          (core instance $i (instantiate $m))
          (func $boom (canon lift (core func $i "boom")))
          (export "boom" (func $boom)))
        """;

    private const string GuestResource = """
        (component
          (type $r (resource (rep i32)))
          (core func $new (canon resource.new $r))
          (core module $m (import "" "new" (func (param i32) (result i32))))
          (core instance $i (instantiate $m (with "" (instance (export "new" (func $new)))))))
        """;

    [Fact]
    public void A_looping_export_is_stopped_at_its_deadline_and_the_component_serves_the_next_store()
    {
        using var core = CoreComponent.Load(runtime.Engine, Wat.ToBinary(Looper), []);
        using (var store = new CoreStore(runtime.Engine, ResourceLimits.Default with { Timeout = TimeSpan.FromMilliseconds(200) }))
        {
            var instance = core.Instantiate(store);
            var error = Assert.Throws<CanonTrapException>(() => CallVoid(instance, "spin"));
            Assert.Contains("export failed", error.Message);
            Assert.True(store.Deadline.IsDue());
        }
        using var next = new CoreStore(runtime.Engine, ResourceLimits.Default);
        Assert.Equal(["spin"], core.Instantiate(next).ExportNames);
    }

    [Fact]
    public void A_trapping_export_throws_naming_the_trap()
    {
        using var core = CoreComponent.Load(runtime.Engine, Wat.ToBinary(Trapper), []);
        using var store = new CoreStore(runtime.Engine, ResourceLimits.Default);
        var instance = core.Instantiate(store);
        var error = Assert.Throws<CanonTrapException>(() => CallVoid(instance, "boom"));
        Assert.Contains("unreachable", error.Message);
        Assert.True(instance.State.MayEnter); // the failed call left the instance enterable (its store is poisoned anyway)
    }

    [Fact]
    public void A_guest_defined_resource_is_refused_at_load_for_the_fallback()
    {
        var error = Assert.Throws<ComponentPlanException>(() => CoreComponent.Load(runtime.Engine, Wat.ToBinary(GuestResource), []));
        Assert.Contains("resources defined by the guest are not served by the component layer yet", error.Message);
    }

    [Fact]
    public void A_store_holds_one_component_instance()
    {
        using var core = CoreComponent.Load(runtime.Engine, Wat.ToBinary(Trapper), []);
        using var store = new CoreStore(runtime.Engine, ResourceLimits.Default);
        core.Instantiate(store);
        Assert.Throws<InvalidOperationException>(() => core.Instantiate(store));
    }

    private static void CallVoid(CoreComponentInstance instance, string name)
    {
        var call = instance.Call(name, new([], []));
        Span<ValRaw> slots = [default];
        call.Invoke(slots);
        call.Finish([]);
    }
}
