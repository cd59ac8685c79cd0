using System.Net;

namespace Capsule.Hosting.Tests;

/// <summary>allowed_outbound_hosts from capsule.toml decides, per component, what a served guest may fetch.</summary>
public sealed class OutboundGrantTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    [Fact]
    public async Task Only_the_component_granted_the_host_reaches_it()
    {
        using var upstream = new LoopbackHttpServer("hello from upstream");
        var manifest = $$"""
            [application]
            name = "outbound"

            [[trigger.http]]
            route = "/open"
            component = "open"

            [[trigger.http]]
            route = "/closed"
            component = "closed"

            [component.open]
            {{TestManifests.Source("fetch-js.component.wasm")}}
            allowed_outbound_hosts = ["http://127.0.0.1:{{upstream.Port}}"]

            [component.closed]
            {{TestManifests.Source("fetch-js.component.wasm")}}
            """;
        await using var app = await TestApp.Start(hosting, manifest);
        var url = Uri.EscapeDataString($"http://127.0.0.1:{upstream.Port}/data");

        using var denied = await app.Client.GetAsync($"/closed?url={url}");
        Assert.Equal(HttpStatusCode.BadGateway, denied.StatusCode);
        Assert.StartsWith("fetch failed", await denied.Content.ReadAsStringAsync());
        Assert.Equal(0, upstream.Connections);

        using var allowed = await app.Client.GetAsync($"/open?url={url}");
        Assert.Equal("fetched 200: hello from upstream", await allowed.Content.ReadAsStringAsync());
        Assert.Equal(1, upstream.Connections);
    }
}
