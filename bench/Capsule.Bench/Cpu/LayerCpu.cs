using System.Globalization;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using FeatureState = Capsule.Runtime.Features.InstanceState;

namespace Capsule.Bench.Cpu;

/// <summary>
/// <c>layer-cpu [rounds]</c>: one instance's life on both component layers, same guest
/// (tests/guests/wat-components/layer-greet.wat: two core instances, four lowerings, a host resource), same
/// engine, same process: store + instantiate + teardown, and the same with one greet call. Thread CPU time,
/// the layers taking turns within each round (who goes first alternates); prints µs per instance, the
/// ratio per round and its median.
/// </summary>
internal static class LayerCpu
{
    private const string Interface = "capsule:test/greeter@0.1.0";
    private const uint TagType = 9;
    private const int Instances = 2000;

    public static void Run(int rounds)
    {
        using var engine = new Runtime.Engine.CapsuleEngine();
        var path = Path.Combine(Path.GetDirectoryName(BenchGuests.Get("hello.wasm"))!, "..", "wat-components", "layer-greet.wat");
        var binary = Wasmtime.Module.ConvertText(File.ReadAllText(path)).ToArray();
        using var core = CoreComponent.Load(engine, binary, [Lowered()]);
        using var component = Wasmtime.Components.Component.FromBytes(engine.WasmEngine, binary);
        using var linker = new HostLinker(engine);
        linker.Define(Hosted());

        int OnCore(bool call)
        {
            using var store = new CoreStore(engine, ResourceLimits.Default);
            var instance = core.Instantiate(store);
            if (call)
            {
                var greet = instance.Call("greet", new([CoreValType.I32, CoreValType.I32], [CoreValType.I32]));
                var (ptr, length) = CanonLower.String(ref greet, "bench");
                Span<ValRaw> slots = [ValRaw.FromI32((int)ptr), ValRaw.FromI32((int)length)];
                greet.Invoke(slots);
                greet.Finish(slots[..1]);
            }
            return 0;
        }

        int OnComponentApi(bool call)
        {
            var state = new FeatureState(GuestGrants.None, RunDeadline.None());
            using var store = new ComponentStore(engine, state, ResourceLimits.Default);
            var instance = linker.Instantiate(store, component);
            if (call)
            {
                instance.Call(null, "greet", 1, args => args[0].SetString("bench"), 1, results => results[0].Item(1).U32);
            }
            return 0;
        }

        (string Name, Func<int> Old, Func<int> New)[] pairs =
        [
            ("store + instantiate + teardown", () => OnComponentApi(false), () => OnCore(false)),
            ("the same with one greet(string) -> tuple<string, u32> call", () => OnComponentApi(true), () => OnCore(true)),
        ];
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ}; {Environment.ProcessorCount} cores; {rounds} rounds of {Instances} instances; thread CPU time per instance");
        Console.WriteLine();
        Console.WriteLine("| per instance | component C API (median µs) | component layer on the core C API (median µs) | new / old, each round | median ratio |");
        Console.WriteLine("|---|---:|---:|---|---:|");
        foreach (var (name, old, @new) in pairs)
        {
            Measure(old);
            Measure(@new);
            var olds = new List<double>();
            var news = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var first = round % 2 == 0 ? olds : news;
                var second = round % 2 == 0 ? news : olds;
                first.Add(Measure(round % 2 == 0 ? old : @new));
                second.Add(Measure(round % 2 == 0 ? @new : old));
            }
            var ratios = news.Zip(olds, (n, o) => n / o).ToList();
            Console.WriteLine($"| {name} | {Median(olds):0.00} | {Median(news):0.00} | "
                + $"{string.Join(", ", ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))} | {Median(ratios):0.000} |");
        }
    }

    private static double Measure(Func<int> instance)
    {
        var started = ThreadCpuClock.Nanoseconds();
        for (var i = 0; i < Instances; i++)
        {
            instance();
        }
        return (ThreadCpuClock.Nanoseconds() - started) / 1000.0 / Instances;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    // The greeter's host on the core layer: tags are numbered by the name's length and forgotten when dropped.
    private static LoweredInterface Lowered()
    {
        var iface = new LoweredInterface(Interface);
        iface.Functions["decorate"] = new("decorate", new([CoreValType.I32, CoreValType.I32, CoreValType.I32], []), (ref c, a) =>
        {
            var text = CanonLift.String(c.Memory, a[0].U32, a[1].U32);
            var (ptr, length) = CanonLower.String(ref c, $"<{text}>");
            c.Memory.Check(a[2].U32, 8, 4);
            c.Memory.SetU32(a[2].U32, ptr);
            c.Memory.SetU32(checked(a[2].U32 + 4), length);
        });
        iface.Functions["make-tag"] = new("make-tag", new([CoreValType.I32], [CoreValType.I32]), (ref c, a) => a[0] = ValRaw.FromI32((int)c.Handles.AddOwn(TagType, a[0].U32)));
        iface.Functions["[method]tag.number"] = new("[method]tag.number", new([CoreValType.I32], [CoreValType.I32]), (ref c, a) => a[0] = ValRaw.FromI32((int)c.Handles.Lend(a[0].U32, TagType)));
        iface.Resources["tag"] = new("tag", TagType, (_, _) => { });
        return iface;
    }

    // The same host on the component C API (the rep is the number).
    private static HostInterface Hosted()
    {
        var iface = new HostInterface(Interface);
        iface.Resources["tag"] = (TagType, (_, _) => { });
        iface.Functions["decorate"] = (_, args, results) => results[0].SetString($"<{args[0].String}>");
        iface.Functions["make-tag"] = (_, args, results) => results[0].SetResource(TagType, args[0].U32);
        iface.Functions["[method]tag.number"] = (_, args, results) => results[0].SetU32(args[0].Resource.Rep);
        return iface;
    }
}
