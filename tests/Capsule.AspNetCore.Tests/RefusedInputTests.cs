namespace Capsule.AspNetCore.Tests;

/// <summary>What a mapped app or component cannot be: refused with one line naming the cause, never silently dropped.</summary>
public sealed class RefusedInputTests
{
    [Fact]
    public void A_memory_limit_that_is_not_a_size_is_refused_when_mapped()
    {
        var error = Assert.Throws<ArgumentException>(() => new WasmEndpointOptions().Memory("lots"));
        Assert.StartsWith("Memory: 'lots'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_with_a_cron_trigger_fails_start_up_naming_the_trigger()
    {
        var manifest = $$"""
            spin_manifest_version = 2
            [application]
            name = "cron"
            [[trigger.cron]]
            component = "tick"
            cron_expression = "*/1 * * * * *"
            [component.tick]
            {{TestManifests.Source("cron-js.component.wasm")}}
            """;
        using var site = new Site().App("/cron", manifest);
        await using var factory = site.Start();

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("trigger.cron: cron triggers run under capsule up only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_apps_under_one_path_base_are_refused()
    {
        using var site = new Site().App("/shop", Site.Probe()).App("/shop/", Site.Probe());
        await using var factory = site.Start();

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());
        Assert.Contains("two apps are mapped under '/shop'", error.Message, StringComparison.Ordinal);
    }
}
