using Capsule.Hosting.Services.Sqlite;
using Capsule.Hosting.Testing;

namespace Capsule.Hosting.Tests.Services;

/// <summary>
/// fermyon:spin/sqlite on the component layer against Wasmtime's component API, on a real SQLite file: the same
/// rows for what both can carry, and a 64 MiB result (the README's bound) reaching the guest on the layer.
/// </summary>
public sealed class LayerSqliteTests
{
    [Fact]
    public void Rows_reach_the_guest_the_same_on_both_layers()
    {
        using var kit = new FeatureTestKit(new SqliteFeature([
            "CREATE TABLE big (v)",
            "INSERT INTO big VALUES (randomblob(1000)), ('some text'), (42), (NULL), (x'00ff'), (randomblob(70000))",
        ]));
        var grants = kit.Grants("""sqlite_databases = ["default"]""");

        var onCore = CoreLayerCalls.OnCoreLayer(kit, "sqlite-big.wat", grants, "blob-bytes", "byte-sum");
        var onComponentApi = CoreLayerCalls.OnComponentApi(kit, "sqlite-big.wat", grants, "blob-bytes", "byte-sum");

        Assert.Equal(1000u + 9 + 2 + 70000, onCore[0]);
        Assert.Equal(onComponentApi, onCore);
    }

    [Fact]
    public void An_ungranted_database_fails_the_same_on_both_layers()
    {
        using var kit = new FeatureTestKit(new SqliteFeature());
        var grants = kit.Grants("");

        Assert.Equal([0xFFFF_FFFFu], CoreLayerCalls.OnCoreLayer(kit, "sqlite-big.wat", grants, "blob-bytes"));
        Assert.Equal([0xFFFF_FFFFu], CoreLayerCalls.OnComponentApi(kit, "sqlite-big.wat", grants, "blob-bytes"));
    }

    [Fact]
    public void A_64_MiB_result_reaches_the_guest_on_the_component_layer()
    {
        // Four rows of 16 MiB of '0' (0x30): SqliteLimits.MaxResultBytes exactly.
        const int row = 16 * 1024 * 1024;
        using var kit = new FeatureTestKit(new SqliteFeature([
            "CREATE TABLE big (v)",
            $"INSERT INTO big SELECT CAST(hex(zeroblob({row / 2})) AS BLOB) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4)",
        ]));
        var grants = kit.Grants("""sqlite_databases = ["default"]""");

        var onCore = CoreLayerCalls.OnCoreLayer(kit, "sqlite-big.wat", grants, "blob-bytes", "byte-sum");

        Assert.Equal(SqliteLimits.MaxResultBytes, onCore[0]);
        Assert.Equal(unchecked((uint)(4L * row * 0x30)), onCore[1]);
    }
}
