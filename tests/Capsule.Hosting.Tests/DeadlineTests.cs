using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Capsule.Hosting.Tests;

/// <summary>
/// A request's time limit is wall-clock time, whatever its guest is doing:
/// running on a saturated CPU, sleeping on a timer, or waiting on a server
/// that never answers. A client that leaves stops its guest.
/// </summary>
public sealed class DeadlineTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    [Fact]
    public async Task Guest_sleeping_past_its_limit_answers_504_at_the_limit()
    {
        var manifest = TestManifests.SingleComponent("sleepy", "probe-js.component.wasm") + "\nlimits = { timeout = \"1s\" }\n";
        await using var app = await TestApp.Start(hosting, manifest);
        var watch = Stopwatch.StartNew();
        using var response = await app.Client.GetAsync("/?do=sleep&ms=30000");
        watch.Stop();
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"a 1 s limit answered after {watch.Elapsed.TotalSeconds:F1} s");
        await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=sleepy route=/... cause=timeout after 1s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outbound_request_to_a_server_that_never_answers_ends_at_the_limit()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var accepting = AcceptForever(silent, accepted);
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var manifest = TestManifests.SingleComponent("fetcher", "fetch-js.component.wasm")
            + $"\nallowed_outbound_hosts = [\"http://127.0.0.1:{port}\"]\nlimits = {{ timeout = \"3s\" }}\n";
        try
        {
            await using var app = await TestApp.Start(hosting, manifest);
            var watch = Stopwatch.StartNew();
            using var response = await app.Client.GetAsync($"/?url={Uri.EscapeDataString($"http://127.0.0.1:{port}/hang")}");
            watch.Stop();
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"a 3 s limit answered after {watch.Elapsed.TotalSeconds:F1} s");
            Assert.NotEmpty(accepted); // the guest was waiting on the silent server, not on something else
            await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=fetcher route=/... cause=timeout after 3s", StringComparison.Ordinal));
        }
        finally
        {
            silent.Stop();
            await accepting;
            accepted.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Client_that_disconnects_stops_its_guest()
    {
        var manifest = TestManifests.SingleComponent("sleepy", "probe-js.component.wasm") + "\nlimits = { timeout = \"60s\" }\n";
        await using var app = await TestApp.Start(hosting, manifest);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, app.BaseAddress.Port);
            var request = $"GET /?do=sleep&ms=30000 HTTP/1.1\r\nHost: 127.0.0.1:{app.BaseAddress.Port}\r\n\r\n";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request));
            await Task.Delay(200);
        }
        var closed = Stopwatch.StartNew();
        await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=sleepy route=/... cause=cancelled (client disconnected)", StringComparison.Ordinal));
        Assert.True(closed.Elapsed < TimeSpan.FromSeconds(2), $"the cancel was logged {closed.Elapsed.TotalSeconds:F1} s after the client left");
        await app.Logs.WaitFor(l => l.StartsWith("Information: GET / 499 ", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(" 504 ", StringComparison.Ordinal) || l.Contains("timeout", StringComparison.Ordinal));
        // The guest's thread is free again: the next request is served.
        using var next = await app.Client.GetAsync("/?do=status&code=201");
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    private static async Task AcceptForever(TcpListener listener, List<Socket> accepted)
    {
        while (true)
        {
            try
            {
                accepted.Add(await listener.AcceptSocketAsync());
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }
}
