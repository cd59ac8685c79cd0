using System.Net;

namespace Capsule.AspNetCore.Tests;

/// <summary>MapWasm: one component on one endpoint pattern, granted what its options say.</summary>
public sealed class MapWasmTests
{
    [Fact]
    public async Task A_component_serves_its_pattern()
    {
        using var site = new Site().Wasm("/hooks/{**rest}", "http-hello.wasm");
        await using var factory = site.Start();
        using var client = factory.CreateClient();

        Assert.Equal("hello from wat\n", await client.GetStringAsync("/hooks/github/push"));
        Assert.Equal("hello from wat\n", await client.GetStringAsync("/hooks"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/elsewhere")).StatusCode);
    }

    [Fact]
    public async Task Its_timeout_stops_a_looping_guest_with_504_and_the_site_goes_on()
    {
        using var site = new Site().Wasm("/loop/{**rest}", "http-loop.wasm", timeout: TimeSpan.FromSeconds(1)).Wasm("/hello/{**rest}", "http-hello.wasm");
        await using var factory = site.Start();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.GatewayTimeout, (await client.GetAsync("/loop/forever")).StatusCode);
        Assert.Equal("hello from wat\n", await client.GetStringAsync("/hello"));
        Assert.Contains(site.Logs, l => l.Category == Site.HandlerCategory && l.EventId == 201 && l.Message.Contains("http-loop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequireAuthorization_applies_to_a_component()
    {
        using var site = new Site().Wasm("/hooks/{**rest}", "http-hello.wasm", policy: "auth");
        await using var factory = site.Start();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/hooks/x")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hooks/x");
        request.Headers.Add("X-User", "ada");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        // One access line: the guest ran for the authorized request only.
        Assert.True(await site.Served("/hooks/x"));
        Assert.Single(site.Logs, l => l.Category == Site.HandlerCategory);
    }
}
