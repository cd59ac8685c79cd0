using System.Globalization;

namespace Capsule.Bench.Cpu;

/// <summary>
/// <c>hostcalls-cpu [rounds] [only]</c>: the host calls of <see cref="HostCallBenchmarks"/> (same guest, same setup), timed
/// by the thread's CPU time instead of the wall clock, the hand-written binding and the generated glue taking
/// turns within each round (who goes first alternates). Prints ns per call for each and the glue / hand-written
/// ratio per round and its median: a comparison that holds on a machine other work keeps busy.
/// <c>only</c> keeps the calls whose name contains it (e.g. <c>16</c>).
/// </summary>
internal static class HostCallCpu
{
    private const int Invocations = 400;

    public static void Run(int rounds, string? only)
    {
        var bench = new HostCallBenchmarks();
        bench.Setup();
        try
        {
            (string Name, Func<int> Hand, Func<int> Glue, int CallsPerInvocation, int Invocations)[] pairs =
            [
                ("nop", bench.CapsuleNop, bench.GlueNop, 1000, Invocations),
                ("list<u8> of 16 B", bench.CapsuleTake16, bench.GlueTake16, 1000, Invocations),
                ("list<u8> of 64 KiB", bench.CapsuleTake64K, bench.GlueTake64K, 20, Invocations / 20),
            ];
            Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ}; {Environment.ProcessorCount} cores; {rounds} rounds; thread CPU time per call");
            Console.WriteLine();
            Console.WriteLine("| call | hand-written (median ns) | generated glue (median ns) | glue / hand-written, each round | median ratio |");
            Console.WriteLine("|---|---:|---:|---|---:|");
            foreach (var (name, hand, glue, calls, invocations) in pairs.Where(p => only is null || p.Name.Contains(only, StringComparison.Ordinal)))
            {
                // Warm-up: both paths reach their optimised code before anything is counted.
                Measure(hand, invocations, calls);
                Measure(glue, invocations, calls);
                var hands = new List<double>();
                var glues = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    if (round % 2 == 0)
                    {
                        hands.Add(Measure(hand, invocations, calls));
                        glues.Add(Measure(glue, invocations, calls));
                    }
                    else
                    {
                        glues.Add(Measure(glue, invocations, calls));
                        hands.Add(Measure(hand, invocations, calls));
                    }
                }
                var ratios = glues.Zip(hands, (g, h) => g / h).ToList();
                Console.WriteLine($"| {name} | {F(Median(hands))} | {F(Median(glues))} | "
                    + $"{string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))} | {Median(ratios):0.00} |");
            }
            if (only is not null)
            {
                return;
            }
            // WASI's own binding (hand-written before issue 11, generated after): compare it across two builds.
            Measure(bench.CapsuleWrite64K, Invocations / 10, 20);
            var writes = Enumerable.Range(0, rounds).Select(_ => Measure(bench.CapsuleWrite64K, Invocations / 10, 20)).ToList();
            Console.WriteLine();
            Console.WriteLine($"wasi:io output-stream.write of 64 KiB: {F(Median(writes))} ns per call (median of {rounds} rounds)");
        }
        finally
        {
            bench.Cleanup();
        }
    }

    /// <summary>CPU nanoseconds per call of <paramref name="invoke"/>, which makes <paramref name="calls"/> calls.</summary>
    private static double Measure(Func<int> invoke, int invocations, int calls)
    {
        var started = ThreadCpuClock.Nanoseconds();
        for (var i = 0; i < invocations; i++)
        {
            invoke();
        }
        return (double)(ThreadCpuClock.Nanoseconds() - started) / invocations / calls;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string F(double value) => value.ToString(value < 10_000 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
