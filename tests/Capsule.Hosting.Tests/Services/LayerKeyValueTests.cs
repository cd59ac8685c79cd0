using Capsule.Hosting.App;
using Capsule.Hosting.Services.KeyValue;
using Capsule.Hosting.Testing;
using Capsule.Runtime.Grants;

namespace Capsule.Hosting.Tests.Services;

/// <summary>
/// fermyon:spin/key-value on the component layer against Wasmtime's component API, with a real SQLite store:
/// the same answers for what both can carry, and the README's 16 MiB value reaching the guest whole on the layer.
/// </summary>
public sealed class LayerKeyValueTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64 * 1024)]
    public void A_value_reaches_the_guest_the_same_on_both_layers(int size)
    {
        using var kit = new FeatureTestKit(new KeyValueFeature(AppServiceOptions.None));
        var grants = Seeded(kit, size);

        var onCore = CoreLayerCalls.OnCoreLayer(kit, "kv-big.wat", grants, "get-len", "get-sum");
        var onComponentApi = CoreLayerCalls.OnComponentApi(kit, "kv-big.wat", grants, "get-len", "get-sum");

        Assert.Equal([(uint)size, Sum(size)], onCore);
        Assert.Equal(onComponentApi, onCore);
    }

    [Fact]
    public void An_absent_key_and_an_ungranted_store_answer_the_same_on_both_layers()
    {
        using var kit = new FeatureTestKit(new KeyValueFeature(AppServiceOptions.None));
        var granted = kit.Grants("""key_value_stores = ["default"]""");
        var ungranted = kit.Grants("");

        Assert.Equal([0xFFFF_FFFEu], CoreLayerCalls.OnCoreLayer(kit, "kv-big.wat", granted, "get-len"));
        Assert.Equal([0xFFFF_FFFEu], CoreLayerCalls.OnComponentApi(kit, "kv-big.wat", granted, "get-len"));
        Assert.Equal([0xFFFF_FFFFu], CoreLayerCalls.OnCoreLayer(kit, "kv-big.wat", ungranted, "get-len"));
        Assert.Equal([0xFFFF_FFFFu], CoreLayerCalls.OnComponentApi(kit, "kv-big.wat", ungranted, "get-len"));
    }

    [Fact]
    public void A_16_MiB_value_reaches_the_guest_whole_on_the_component_layer()
    {
        const int size = 16 * 1024 * 1024;
        using var kit = new FeatureTestKit(new KeyValueFeature(AppServiceOptions.None));
        var grants = Seeded(kit, size);

        Assert.Equal([(uint)size, Sum(size)], CoreLayerCalls.OnCoreLayer(kit, "kv-big.wat", grants, "get-len", "get-sum"));
    }

    private static GuestGrants Seeded(FeatureTestKit kit, int size)
    {
        var grants = kit.Grants("""key_value_stores = ["default"]""");
        grants.Grant<KeyValueGrant>()!.Stores!.Find("default")!.Set("big", Value(size));
        return grants;
    }

    private static byte[] Value(int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(i * 7 + 3))];

    private static uint Sum(int size)
    {
        uint sum = 0;
        foreach (var b in Value(size))
        {
            sum += b;
        }
        return sum;
    }
}
