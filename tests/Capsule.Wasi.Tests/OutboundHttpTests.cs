using System.Collections.Immutable;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;
using Capsule.Wasi.Http;

namespace Capsule.Wasi.Tests;

/// <summary>Outbound wasi:http from a real JS guest: allowed hosts reached, others denied without a connection.</summary>
public sealed class OutboundHttpTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    private async Task<(int Status, string Body)> Fetch(string url, ImmutableArray<AllowedHost> allowed)
    {
        using var guest = hosts.Loader.Load(Guests.Get("fetch-js.component.wasm"));
        var request = new IncomingRequest("GET", $"/?url={Uri.EscapeDataString(url)}", "http", "localhost", Fields.FromHost([]), new IncomingBody(Stream.Null));
        var outparam = new ResponseOutparam();
        var grants = GuestGrants.None with { AllowedOutboundHosts = allowed };
        var serving = Task.Run(() => hosts.Host.HandleHttp(guest, grants, GuestOutput.Discard, request, outparam));
        var response = await outparam.Response.WaitAsync(TimeSpan.FromSeconds(60));
        var body = await HttpHandlerTests.ReadAll(response.BodyReader);
        Assert.Equal(new RunOutcome.Exited(0), await serving);
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task Allowed_host_is_fetched()
    {
        using var server = new LoopbackHttpServer("hello from the test server");
        var (status, body) = await Fetch($"http://127.0.0.1:{server.Port}/data", [AllowedHost.Parse($"http://127.0.0.1:{server.Port}")]);
        Assert.Equal("fetched 200: hello from the test server", body);
        Assert.Equal(200, status);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Wildcard_grant_allows_any_port()
    {
        using var server = new LoopbackHttpServer("wildcard");
        var (_, body) = await Fetch($"http://127.0.0.1:{server.Port}/", [AllowedHost.Parse("http://127.0.0.1:*")]);
        Assert.Equal("fetched 200: wildcard", body);
    }

    [Fact]
    public async Task Host_not_allowed_is_denied_and_never_connected()
    {
        using var server = new LoopbackHttpServer("must not be seen");
        var otherPort = server.Port == 65535 ? 65534 : server.Port + 1;
        var (status, body) = await Fetch($"http://127.0.0.1:{server.Port}/data", [AllowedHost.Parse($"http://127.0.0.1:{otherPort}")]);
        Assert.Equal(502, status);
        Assert.StartsWith("fetch failed", body);
        Assert.DoesNotContain("must not be seen", body);
        await Task.Delay(200);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task Nothing_granted_denies_everything()
    {
        using var server = new LoopbackHttpServer("must not be seen");
        var (status, _) = await Fetch($"http://127.0.0.1:{server.Port}/", []);
        Assert.Equal(502, status);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task Denial_is_the_http_request_denied_error_code()
    {
        using var outbound = new OutboundHttp();
        var request = new OutgoingRequest(new Fields()) { Scheme = "http", Authority = "127.0.0.1:9", PathWithQuery = "/" };
        var sending = outbound.Send(request, null, [AllowedHost.Parse("https://api.example.com")]);
        var error = await Assert.ThrowsAsync<HttpErrorException>(() => sending);
        Assert.Equal("HTTP-request-denied", error.Code.Case);
    }
}
