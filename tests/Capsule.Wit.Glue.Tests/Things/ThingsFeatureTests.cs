using System.Text.Json;
using Capsule.Hosting.Testing;
using Capsule.Runtime.Configuration;

namespace Capsule.Wit.Glue.Tests;

/// <summary>
/// The test-only feature through the feature test kit: a manifest snippet read by the feature's own key,
/// its grant reaching a real guest's calls, and its errors named as capsule up names them. No Kestrel.
/// </summary>
public sealed class ThingsFeatureTests
{
    [Fact]
    public void The_features_manifest_key_reaches_the_guests_calls()
    {
        using var kit = new FeatureTestKit(new ThingsFeature());
        var grants = kit.Grants("""things_suffix = "!" """);
        using var instance = kit.Instantiate(Guests.Get("glue-js.component.wasm"), grants);

        var report = JsonDocument.Parse(GeneratedGlueTests.CallRun(instance)).RootElement;

        Assert.Equal("ABC!", report.GetProperty("upperSome").GetString());
    }

    [Fact]
    public void A_wrong_value_is_named_by_file_line_and_key()
    {
        using var kit = new FeatureTestKit(new ThingsFeature());
        var error = Assert.Throws<ManifestException>(() => kit.Grants("things_suffix = 3"));
        Assert.Equal("capsule.toml:3: component.guest.things_suffix: expected a string, found an integer", error.Message);
    }

    [Fact]
    public void A_host_without_the_feature_refuses_its_key_and_lists_the_keys_it_has()
    {
        using var kit = new FeatureTestKit();
        var error = Assert.Throws<ManifestException>(() => kit.Grants("""things_suffix = "!" """));
        Assert.Contains("component.guest.things_suffix: unknown key", error.Message);
        Assert.Contains("environment, allowed_outbound_hosts", error.Message);
    }
}
