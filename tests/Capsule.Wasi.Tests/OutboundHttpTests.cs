using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
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

    /// <summary>An IPv6 literal in allowed_outbound_hosts matched nothing: every request to it was denied.</summary>
    [Fact]
    public async Task Ipv6_loopback_host_is_fetched()
    {
        Assert.True(HasIpv6Loopback(), "this machine has no ::1 (check `ip -6 addr`)");
        using var server = new LoopbackHttpServer("hello over IPv6", IPAddress.IPv6Loopback);
        var (status, body) = await Fetch($"http://[::1]:{server.Port}/data", [AllowedHost.Parse($"http://[::1]:{server.Port}")]);
        Assert.Equal("fetched 200: hello over IPv6", body);
        Assert.Equal(200, status);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task First_byte_timeout_from_request_options_ends_a_silent_exchange()
    {
        using var silent = new SilentServer();
        using var outbound = new OutboundHttp();
        var request = new OutgoingRequest(new Fields()) { Scheme = "http", Authority = $"127.0.0.1:{silent.Port}", PathWithQuery = "/" };
        var options = new RequestOptions { FirstByteTimeout = 300_000_000 }; // 300 ms
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<HttpErrorException>(() => outbound.Send(request, options, [AllowedHost.Parse("http://127.0.0.1:*")]).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("connection-read-timeout", error.Code.Case);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Between_bytes_timeout_from_request_options_fails_a_stalled_body()
    {
        using var silent = new SilentServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        using var outbound = new OutboundHttp();
        var request = new OutgoingRequest(new Fields()) { Scheme = "http", Authority = $"127.0.0.1:{silent.Port}", PathWithQuery = "/" };
        var options = new RequestOptions { BetweenBytesTimeout = 300_000_000 }; // 300 ms
        var response = await outbound.Send(request, options, [AllowedHost.Parse("http://127.0.0.1:*")]).WaitAsync(TimeSpan.FromSeconds(30));
        using var body = response.Consume().Stream();
        using var deadline = new RunDeadline(TimeSpan.FromSeconds(20)); // a body that never fails must not hang the test
        Assert.Equal("partial"u8.ToArray(), body.BlockingRead(100, deadline));
        var watch = Stopwatch.StartNew();
        var failed = Assert.Throws<Io.StreamException>(() => body.BlockingRead(100, deadline));
        Assert.Contains("connection-read-timeout", failed.Failure?.DebugString);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Outbound_exchange_ends_with_its_run()
    {
        using var silent = new SilentServer();
        using var outbound = new OutboundHttp();
        var request = new OutgoingRequest(new Fields()) { Scheme = "http", Authority = $"127.0.0.1:{silent.Port}", PathWithQuery = "/" };
        var run = new RunDeadline(TimeSpan.FromMilliseconds(300));
        var sending = outbound.Send(request, null, [AllowedHost.Parse("http://127.0.0.1:*")], run.Token);
        await Task.Delay(500);
        run.Dispose();
        var error = await Assert.ThrowsAsync<HttpErrorException>(() => sending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("internal-error", error.Code.Case);
    }

    private static bool HasIpv6Loopback() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses).Any(a => a.Address.Equals(IPAddress.IPv6Loopback));

    /// <summary>Accepts connections and reads requests but never answers (or answers <c>head</c> and stalls).</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _accepted = [];

        public SilentServer(string? head = null)
        {
            _listener.Start();
            _ = Accept(head);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        private async Task Accept(string? head)
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync();
                    lock (_accepted)
                    {
                        _accepted.Add(socket);
                    }
                    if (head is not null)
                    {
                        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(head));
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped.
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_accepted)
            {
                _accepted.ForEach(s => s.Dispose());
            }
        }
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
