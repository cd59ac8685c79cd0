using System.Text;
using Capsule.Hosting.App;
using Capsule.Hosting.Services.KeyValue;
using Capsule.Hosting.Services.RuntimeConfig;
using Capsule.Hosting.Testing;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests.Services;

/// <summary>The key-value feature's manifest key, app configuration and seeds, through the feature test kit (no Kestrel).</summary>
public sealed class KeyValueFeatureTests
{
    [Fact]
    public void Key_value_stores_grants_the_listed_labels_over_the_apps_stores()
    {
        using var kit = new FeatureTestKit(new KeyValueFeature(AppServiceOptions.None));

        var grant = kit.Grants("""key_value_stores = ["default"]""").Grant<KeyValueGrant>();

        Assert.NotNull(grant?.Stores);
        Assert.Equal(["default"], grant.Allowed);
        Assert.NotNull(grant.Stores.Find("default"));
    }

    [Fact]
    public void A_label_no_configuration_defines_stops_start_up_naming_it()
    {
        using var kit = new FeatureTestKit(new KeyValueFeature(AppServiceOptions.None));

        var error = Assert.Throws<ManifestException>(() => kit.Grants("""key_value_stores = ["default", "cache"]"""));

        Assert.Equal(
            "capsule.toml:3: component.guest.key_value_stores: no key-value store is labelled 'cache': define it as [key_value_store.cache] in a --runtime-config-file (only 'default' needs no configuration)",
            error.Message);
    }

    [Fact]
    public void A_label_the_runtime_config_defines_is_granted()
    {
        using var kit = new FeatureTestKit(new KeyValueFeature(AppServiceOptions.None));
        var config = new TempDir();
        File.WriteAllText(config.Combine("rc.toml"), """
            [key_value_store.cache]
            type = "spin"
            path = "cache.db"
            """);

        var grant = kit.Grants("""key_value_stores = ["cache"]""", runtimeConfig: RuntimeConfigFile.Load(config.Combine("rc.toml"), "rc.toml")).Grant<KeyValueGrant>();

        Assert.NotNull(grant?.Stores?.Find("cache"));
        config.Dispose();
    }

    [Fact]
    public void A_label_that_is_not_a_string_is_named_by_file_line_and_key()
    {
        using var kit = new FeatureTestKit(new KeyValueFeature(AppServiceOptions.None));

        var error = Assert.Throws<ManifestException>(() => kit.Grants("""key_value_stores = ["default", 7]"""));

        Assert.Equal("capsule.toml:3: component.guest.key_value_stores[1]: expected a string, found an integer", error.Message);
    }

    [Fact]
    public void Key_value_seeds_are_set_in_the_default_store_at_start_up()
    {
        var seeds = new AppServiceOptions([new("motd", "hello"), new("motd", "later wins"), new("n", "1")], []);
        using var kit = new FeatureTestKit(new KeyValueFeature(seeds));

        var stores = kit.Grants("""key_value_stores = ["default"]""").Grant<KeyValueGrant>()!.Stores!;

        var store = stores.Find(ServiceDefaults.DefaultLabel)!;
        Assert.Equal("later wins", Encoding.UTF8.GetString(store.Get("motd")!));
        Assert.Equal("1", Encoding.UTF8.GetString(store.Get("n")!));
        Assert.True(File.Exists(Path.Combine(kit.AppFolder, ".capsule", ServiceDefaults.KeyValueFileName)));
    }

    [Fact]
    public void Without_seeds_an_app_creates_no_store_file_at_start_up()
    {
        using var kit = new FeatureTestKit(new KeyValueFeature(AppServiceOptions.None));

        kit.Grants("""key_value_stores = ["default"]""");

        Assert.False(File.Exists(Path.Combine(kit.AppFolder, ".capsule", ServiceDefaults.KeyValueFileName)));
    }
}
