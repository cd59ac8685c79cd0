using System.Globalization;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Native;

namespace Capsule.Bench.Cpu;

/// <summary>
/// <c>lowering-cpu [rounds]</c>: host calls through the canonical ABI layer (a core module on the core C API,
/// host functions as <see cref="LoweredFunction"/>s, guest memory through <see cref="GuestMemory"/>) beside the
/// same calls through today's generated glue on the component C API (<see cref="HostCallBenchmarks"/>'s
/// host-call-bench component: same loops, same engine, same process). Thread CPU time, the two taking turns
/// within each round (who goes first alternates); prints ns per call and the ratio per round and its median.
/// </summary>
internal static class LoweringCpu
{
    // The core module of host-call-bench.wat's $main, with its memory as its own export.
    private const string Wat = """
        (module
          (import "host" "nop" (func $nop))
          (import "host" "take" (func $take (param i32 i32)))
          (memory (export "memory") 2)
          (func (export "nops") (param $n i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (call $nop)
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next))))
          (func (export "takes") (param $n i32) (param $size i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (call $take (i32.const 1024) (local.get $size))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))))
        """;

    private const int Invocations = 400;
    private static long s_sink;
    private static readonly byte[] Kept = new byte[64 * 1024];

    public static void Run(int rounds)
    {
        var glue = new HostCallBenchmarks();
        glue.Setup();
        var engine = new Runtime.Engine.CapsuleEngine();
        using var take = new AbiCoreHost(engine.WasmEngine, new InstanceState());
        using var copy = new AbiCoreHost(engine.WasmEngine, new InstanceState());
        try
        {
            var nop = new LoweredFunction("nop", new CoreFuncType([], []), (ref _, _) => { });
            // take(bytes: list<u8>): the host sees a span over guest memory (what the generated lowering hands it).
            take.Define("host", "nop", nop);
            take.Define("host", "take", new LoweredFunction("take", new CoreFuncType([CoreValType.I32, CoreValType.I32], []),
                (ref c, s) => s_sink += CanonLift.Bytes(c.Memory, s[0].U32, s[1].U32).Length));
            take.Instantiate(Wat, ("memory", null));
            // The same, copying the bytes out into a reused buffer (what a host that keeps them does).
            copy.Define("host", "nop", nop);
            copy.Define("host", "take", new LoweredFunction("take", new CoreFuncType([CoreValType.I32, CoreValType.I32], []),
                (ref c, s) => CanonLift.Bytes(c.Memory, s[0].U32, s[1].U32).CopyTo(Kept)));
            copy.Instantiate(Wat, ("memory", null));

            (string Name, Func<int> Old, Func<int> New, int Calls, int Invocations)[] pairs =
            [
                ("nop", glue.GlueNop, () => Loop(take, "nops", 1000, null), 1000, Invocations),
                ("list<u8> of 64 KiB, span", glue.GlueTake64K, () => Loop(take, "takes", 20, 64 * 1024), 20, Invocations / 20),
                ("list<u8> of 64 KiB, copied out", glue.GlueTake64K, () => Loop(copy, "takes", 20, 64 * 1024), 20, Invocations / 20),
            ];
            Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ}; {Environment.ProcessorCount} cores; {rounds} rounds; thread CPU time per call");
            Console.WriteLine();
            Console.WriteLine("| call | component C API + generated glue (median ns) | core API + canonical ABI layer (median ns) | new / old, each round | median ratio |");
            Console.WriteLine("|---|---:|---:|---|---:|");
            foreach (var (name, old, @new, calls, invocations) in pairs)
            {
                Measure(old, invocations, calls);
                Measure(@new, invocations, calls);
                var olds = new List<double>();
                var news = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    if (round % 2 == 0)
                    {
                        olds.Add(Measure(old, invocations, calls));
                        news.Add(Measure(@new, invocations, calls));
                    }
                    else
                    {
                        news.Add(Measure(@new, invocations, calls));
                        olds.Add(Measure(old, invocations, calls));
                    }
                }
                var ratios = news.Zip(olds, (n, o) => n / o).ToList();
                Console.WriteLine($"| {name} | {F(Median(olds))} | {F(Median(news))} | "
                    + $"{string.Join(", ", ratios.Select(r => r.ToString("0.0000", CultureInfo.InvariantCulture)))} | {Median(ratios):0.0000} |");
            }
        }
        finally
        {
            glue.Cleanup();
        }
    }

    private static int Loop(AbiCoreHost host, string export, int calls, int? size)
    {
        Span<ValRaw> slots = [ValRaw.FromI32(calls), ValRaw.FromI32(size ?? 0)];
        host.Call(export, slots);
        return 0;
    }

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
