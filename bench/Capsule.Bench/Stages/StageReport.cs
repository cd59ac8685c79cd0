using System.Globalization;

namespace Capsule.Bench.Stages;

/// <summary>
/// <c>dotnet run -c Release --project bench/Capsule.Bench -- stages [rounds]</c>:
/// where the time of one served request of the minimal guest goes. Each round
/// runs the in-process stage breakdown, the real HandleHttp whole, and whole
/// requests over one connection to bare Kestrel and to Capsule, one after the
/// other; the table gives the median over rounds of each figure.
/// </summary>
internal static class StageReport
{
    private const int Warmup = 2_000;
    private const int Count = 20_000;

    public static async Task Run(int rounds)
    {
        using var minimal = new MinimalApp();
        var stages = new RequestStages(minimal);
        await using var bare = await ServedLatency.StartBareKestrel();
        await using var capsule = await ServedLatency.StartCapsule(minimal);
        var barePort = ServedLatency.Port(bare);
        var capsulePort = ServedLatency.Port(capsule);
        await using var timed = await ServedLatency.StartTimedCapsule(minimal);
        var timedPort = ServedLatency.Port(timed);

        var stageRounds = new List<double[]>();
        var handleRounds = new List<double>();
        var bareRounds = new List<double>();
        var capsuleRounds = new List<double>();
        var timedRounds = new List<double>();
        var middlewareRounds = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            stageRounds.Add(stages.Run(Warmup, Count));
            handleRounds.Add(stages.RunHandleHttp(Warmup, Count));
            // The servers take turns going first: the machine is shared, and its load drifts.
            Action[] servers =
            [
                () => bareRounds.Add(ServedLatency.MedianMicroseconds(barePort, Warmup, Count)),
                () => capsuleRounds.Add(ServedLatency.MedianMicroseconds(capsulePort, Warmup, Count)),
                () =>
                {
                    ServedLatency.MiddlewareTicks.Clear();
                    timedRounds.Add(ServedLatency.MedianMicroseconds(timedPort, Warmup, Count));
                    middlewareRounds.Add(StageClock.Median(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ServedLatency.MiddlewareTicks)[Warmup..]));
                },
            ];
            for (var i = 0; i < servers.Length; i++)
            {
                servers[(round + i) % servers.Length]();
            }
            Console.Error.WriteLine($"round {round + 1}/{rounds}: bare {F(bareRounds[^1])} µs, capsule {F(capsuleRounds[^1])} µs, capsule (middleware timed) {F(timedRounds[^1])} µs");
        }

        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ}; {Environment.ProcessorCount} cores; {rounds} rounds × {Count} requests (after {Warmup} warm-up); medians in µs");
        Console.WriteLine();
        Console.WriteLine("| stage (in process, no socket) | µs |");
        Console.WriteLine("|---|---:|");
        var sum = 0.0;
        for (var i = 0; i < RequestStages.Names.Length; i++)
        {
            var value = Median(stageRounds.Select(r => r[i]));
            sum += value;
            Console.WriteLine($"| {RequestStages.Names[i]} | {F(value)} |");
        }
        Console.WriteLine($"| sum of stage medians | {F(sum)} |");
        Console.WriteLine($"| check: WasiHost.HandleHttp whole (store … teardown of the store) | {F(Median(handleRounds))} |");
        Console.WriteLine();
        var bareMedian = Median(bareRounds);
        var capsuleMedian = Median(capsuleRounds);
        Console.WriteLine("| one connection, whole request (socket → response read) | µs |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| bare Kestrel | {F(bareMedian)} |");
        Console.WriteLine($"| capsule (CapsuleServer, minimal guest) | {F(capsuleMedian)} |");
        Console.WriteLine($"| capsule, middleware timed: whole request | {F(Median(timedRounds))} |");
        Console.WriteLine($"| capsule, middleware timed: inside WasiHttpHandler.HandleAsync | {F(Median(middlewareRounds))} |");
        Console.WriteLine($"| difference: what serving a guest adds | {F(capsuleMedian - bareMedian)} |");
        var ratios = capsuleRounds.Zip(bareRounds, (c, b) => c / b).ToList();
        Console.WriteLine($"| ratio capsule / bare, median of the rounds' (each: {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}) | {Median(ratios):0.00}× |");
    }

    public static void Loop(TimeSpan duration)
    {
        using var minimal = new MinimalApp();
        var stages = new RequestStages(minimal);
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            stages.Run(0, 10_000);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string F(double microseconds) => microseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
