using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Grants;

namespace Capsule.Runtime.Tests.Components.Running;

/// <summary>The component layer reads an instance's linear memory (a request's peak memory, issue 24 §2).</summary>
public sealed class CoreLayerMemoryTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>
{
    [Fact]
    public void A_memory_one_core_instance_exports_and_another_imports_is_counted_once()
    {
        // layer-greet.wat: one page, defined by its heap instance and imported by its main one.
        using var core = CoreComponent.Load(runtime.Engine, GreeterGuest.Binary(), [GreeterGuest.Lowered()]);
        using var store = new CoreStore(runtime.Engine, ResourceLimits.Default);
        store.InstanceState.Host = new GreeterGuest.Tags();
        var instance = core.Instantiate(store);
        Assert.Equal(65_536, instance.LinearMemoryBytes());
        Assert.Equal(("<x>", 1u), GreeterGuest.Greet(instance, "x"));
        Assert.Equal(65_536, instance.LinearMemoryBytes());
    }
}
