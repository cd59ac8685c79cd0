using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Capsule.Cli.Tests.Hostile;

/// <summary>
/// The hostile-load suite: a real <c>capsule up</c> process on loopback under
/// floods of slow uploads, sleepers, loopers, memory-hungry guests and idle
/// or half-sent connections, with every core also busy with other processes.
/// A healthy route must keep answering 200 within its budget, a flood must be
/// answered 503 (with Retry-After), never 500, and memory must stay under the
/// budget. Every load here is bounded (counts and seconds) and cleaned up.
/// </summary>
[Collection(CpuSaturationCollection.Name)]
public sealed class HostileLoadTests : IDisposable
{
    /// <summary>What a healthy request may take while the floods run.</summary>
    private static readonly TimeSpan HealthyBudget = TimeSpan.FromSeconds(2);

    private readonly TempDir _temp = new();

    [Fact]
    public async Task Floods_get_503_never_500_while_a_healthy_route_keeps_answering()
    {
        File.WriteAllText(_temp.Combine("capsule.toml"), Manifest);
        using var served = await ServedCapsule.Start(_temp.Combine("cache"), _temp.Path, "hostile",
            "--max-concurrent", "40", "--queue-length", "8", "--queue-timeout", "1s", "--memory-budget", "2GiB");
        var port = served.Address.Port;
        await AssertHealthy(served.Client);

        using var burners = new CpuBurners();
        using var flood = new CancellationTokenSource();
        // Connections that never finish: idle ones, and half-sent request lines.
        var idle = await OpenConnections(port, 300, "");
        var halfSent = await OpenConnections(port, 50, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        // Uploads that send one byte every 250 ms of a 64 KiB body.
        var uploads = Enumerable.Range(0, 20).Select(_ => SlowUpload(port, flood.Token)).ToList();
        using var clients = new HttpClient { BaseAddress = served.Address, Timeout = TimeSpan.FromSeconds(30) };
        var sleepers = Enumerable.Range(0, 80).Select(_ => Timed(() => clients.GetAsync("/sleep/3000"))).ToList();
        var loopers = Enumerable.Range(0, 8).Select(_ => Timed(() => clients.GetAsync("/loop"))).ToList();

        await Task.Delay(1000);
        for (var i = 0; i < 15; i++)
        {
            await AssertHealthy(served.Client);
            await Task.Delay(200);
        }

        var slept = await Task.WhenAll(sleepers);
        var looped = await Task.WhenAll(loopers);
        await flood.CancelAsync();
        var uploadStatuses = await Task.WhenAll(uploads);
        foreach (var socket in idle.Concat(halfSent))
        {
            socket.Dispose();
        }

        // Sleepers: 16 run (max_concurrent), the rest wait in a queue of 8 for at
        // most 1 s or are refused at once; refused means 503 + Retry-After.
        Assert.All(slept, r => Assert.Contains(r.Response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.InRange(slept.Count(r => r.Response.StatusCode == HttpStatusCode.OK), 16, 32);
        Assert.All(slept.Where(r => r.Response.StatusCode == HttpStatusCode.ServiceUnavailable), r => Assert.Equal("1", r.Response.Headers.GetValues("Retry-After").Single()));
        // Loopers: those admitted end at their 2 s limit (504, within 2x), the rest 503.
        Assert.All(looped, r => Assert.Contains(r.Response.StatusCode, new[] { HttpStatusCode.GatewayTimeout, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(looped, r => r.Response.StatusCode == HttpStatusCode.GatewayTimeout);
        Assert.All(looped, r => Assert.True(r.Elapsed < TimeSpan.FromSeconds(2 * 2 + 1), $"a looper took {r.Elapsed}"));
        // Slow uploads: answered (or cut by Kestrel's minimum data rate), never 500.
        Assert.DoesNotContain("500", uploadStatuses);

        await AssertHealthy(served.Client);
        var log = await StopAndReadLog(served);
        Assert.DoesNotContain(log, l => l.Contains("cause=trap", StringComparison.Ordinal) || l.Contains("cause=capacity", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("cause=admission: component sleep", StringComparison.Ordinal));
    }

    /// <summary>
    /// Guests that fill every page they can get (64 MiB each): 40 at once
    /// would hold 2.5 GiB; with a 512 MiB budget the host admits what fits,
    /// refuses the rest with 503, and its resident memory stays under idle +
    /// budget (+ 200 MiB for the host's own buffers and code).
    /// </summary>
    [Fact]
    public async Task Memory_hungry_guests_stay_under_the_memory_budget()
    {
        File.WriteAllText(_temp.Combine("capsule.toml"), Manifest);
        using var served = await ServedCapsule.Start(_temp.Combine("cache"), _temp.Path, "hostile",
            "--max-concurrent", "40", "--queue-length", "40", "--queue-timeout", "10s", "--memory-budget", "768MiB");
        await AssertHealthy(served.Client);
        var idle = served.Server.ResidentMiB();

        using var sampling = new CancellationTokenSource();
        var peak = SamplePeak(served.Server, sampling.Token);
        using var clients = new HttpClient { BaseAddress = served.Address, Timeout = TimeSpan.FromSeconds(60) };
        var bombs = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => clients.GetAsync("/bomb")));
        await sampling.CancelAsync();
        var highest = await peak;

        // Each admitted bomb fills its 64 MiB and traps (its own failure: 500); none is refused for lack of pool.
        Assert.All(bombs, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(bombs, r => r.StatusCode == HttpStatusCode.InternalServerError);
        Assert.True(highest - idle < 512 + 200, $"idle {idle} MiB, peak {highest} MiB during 40 guests of 64 MiB with a 512 MiB share of the budget");
        await AssertHealthy(served.Client);
    }

    // hello answers at once; sleep waits on a host timer; upload echoes (JS);
    // loop never returns; bomb fills its memory. Memory limits are set so that the
    // 2 GiB budget is not what bounds the floods of the first test.
    private static string Manifest => $"""
        [application]
        name = "hostile"

        [[trigger.http]]
        route = "/hello"
        component = "hello"

        [[trigger.http]]
        route = "/sleep/..."
        component = "sleep"

        [[trigger.http]]
        route = "/upload/..."
        component = "upload"

        [[trigger.http]]
        route = "/loop"
        component = "loop"

        [[trigger.http]]
        route = "/bomb"
        component = "bomb"

        [component.hello]
        {TestManifests.Source("http-hello.wasm")}
        [component.hello.limits]
        memory = "16MiB"

        [component.sleep]
        {TestManifests.Source("http-sleep.wasm")}
        [component.sleep.limits]
        memory = "16MiB"
        max_concurrent = 16

        [component.upload]
        {TestManifests.Source("probe-js.component.wasm")}
        [component.upload.limits]
        memory = "64MiB"
        max_concurrent = 8

        [component.loop]
        {TestManifests.Source("http-loop.wasm")}
        [component.loop.limits]
        memory = "16MiB"
        timeout = "2s"
        max_concurrent = 4

        [component.bomb]
        {TestManifests.Source("http-memtouch.wasm")}
        [component.bomb.limits]
        memory = "64MiB"
        max_concurrent = 8
        """;

    private static async Task AssertHealthy(HttpClient client)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/hello");
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed < HealthyBudget, $"the healthy route took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> Timed(Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        var response = await send();
        return (response, watch.Elapsed);
    }

    private static async Task<List<Socket>> OpenConnections(int port, int count, string prefix)
    {
        var sockets = new List<Socket>();
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            if (prefix.Length > 0)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes(prefix));
            }
            sockets.Add(socket);
        }
        return sockets;
    }

    // A 64 KiB upload sent one byte every 250 ms until the flood ends; returns
    // the status code the server answered with ("none" if it only closed).
    private static async Task<string> SlowUpload(int port, CancellationToken flood)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /upload/?do=echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 65536\r\n\r\n"));
        var reading = ReadStatus(stream);
        try
        {
            while (!flood.IsCancellationRequested && !reading.IsCompleted)
            {
                await stream.WriteAsync("x"u8.ToArray());
                await Task.Delay(250, flood);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The flood is over, or the server closed a client this slow.
        }
        client.Close();
        return await reading;
    }

    private static async Task<string> ReadStatus(NetworkStream stream)
    {
        var buffer = new byte[64];
        try
        {
            var read = await stream.ReadAsync(buffer);
            var line = Encoding.ASCII.GetString(buffer, 0, read);
            return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? line[9..12] : "none";
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return "none";
        }
    }

    private static async Task<long> SamplePeak(RunningCapsule server, CancellationToken stop)
    {
        long highest = 0;
        while (!stop.IsCancellationRequested)
        {
            highest = Math.Max(highest, server.ResidentMiB());
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return Math.Max(highest, server.ResidentMiB());
    }

    private static async Task<IReadOnlyList<string>> StopAndReadLog(ServedCapsule served)
    {
        served.Server.Signal("TERM");
        await served.Server.WaitForExit(TimeSpan.FromSeconds(30));
        return await served.Server.RemainingLines();
    }

    public void Dispose() => _temp.Dispose();
}
