using BenchmarkDotNet.Attributes;
using Capsule.Plugins.Components;
using Capsule.Plugins.Extism;
using Capsule.Runtime.Engine;
using Wasmtime;

namespace Capsule.PluginBench;

/// <summary>
/// What one plugin call costs over calling the same export with Wasmtime.Dotnet directly, in the same run:
/// a component plugin's dynamic call (a reused instance, and a fresh instance per call) against the raw call
/// of the core module inside it (reused, and a fresh store + instance per call); an Extism plugin's call on
/// Capsule's C# kernel against the raw call of the same export with no-op kernel functions.
/// </summary>
[MemoryDiagnoser]
public class PluginCallBenchmarks
{
    private CapsuleEngine _engine = null!;
    private string _dir = null!;
    private Module _core = null!;
    private Linker _coreLinker = null!;
    private Store _coreStore = null!;
    private Func<int, int, int> _rawAdd = null!;
    private PluginHost _host = null!;
    private ComponentPlugin _reused = null!;
    private ComponentPlugin _fresh = null!;
    private Module _extismModule = null!;
    private Linker _extismRawLinker = null!;
    private Store _extismRawStore = null!;
    private Func<int> _extismRawOk = null!;
    private ExtismPlugin _extism = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new CapsuleEngine();
        _dir = Directory.CreateTempSubdirectory("capsule-plugin-bench-").FullName;

        _core = Module.FromText(_engine.WasmEngine, "add", BenchGuests.CoreModule);
        _coreLinker = new Linker(_engine.WasmEngine);
        _coreStore = RawStore();
        _rawAdd = _coreLinker.Instantiate(_coreStore, _core).GetFunction<int, int, int>("add")!;

        var componentPath = Path.Combine(_dir, "calc.wat");
        File.WriteAllText(componentPath, BenchGuests.Component);
        _host = new PluginHost(_engine);
        var world = PluginWorld.FromWit(BenchGuests.World);
        _reused = _host.Load(componentPath, world, new ComponentPluginOptions { MaxCallsPerInstance = int.MaxValue });
        _fresh = _host.Load(componentPath, world);

        var extismPath = BenchGuests.Built("extism-runaway.wasm");
        _extismModule = Module.FromFile(_engine.WasmEngine, extismPath);
        _extismRawLinker = new Linker(_engine.WasmEngine);
        long next = 16;
        _extismRawLinker.DefineFunction("extism:host/env", "alloc", (long n) => { var h = next; next += n; return h; });
        _extismRawLinker.DefineFunction("extism:host/env", "store_u8", (long p, int x) => { });
        _extismRawLinker.DefineFunction("extism:host/env", "store_u64", (long p, long x) => { });
        _extismRawLinker.DefineFunction("extism:host/env", "output_set", (long p, long n) => { });
        _extismRawLinker.DefineFunction("extism:host/env", "error_set", (long h) => { });
        _extismRawStore = RawStore();
        var rawInstance = _extismRawLinker.Instantiate(_extismRawStore, _extismModule);
        rawInstance.GetAction("_initialize")!();
        _extismRawOk = rawInstance.GetFunction<int>("ok")!;
        _extism = ExtismPlugin.Load(_engine, extismPath);
    }

    // The same bounds Capsule's own stores get: a memory limit and an epoch deadline, checked per tick.
    private Store RawStore()
    {
        var store = new Store(_engine.WasmEngine);
        store.SetLimits(memorySize: 128L << 20);
        store.SetEpochDeadlineCallback(_ => CapsuleEngine.DeadlineCheckTicks);
        store.SetEpochDeadline(CapsuleEngine.DeadlineCheckTicks);
        return store;
    }

    [Benchmark(Baseline = true, Description = "raw Wasmtime.Dotnet add, reused instance")]
    public int RawReused() => _rawAdd(20, 22);

    [Benchmark(Description = "component plugin add (dynamic), reused instance")]
    public object? ComponentReused() => _reused.Call("add", 20, 22);

    [Benchmark(Description = "raw Wasmtime.Dotnet add, fresh store + instance")]
    public int RawFresh()
    {
        using var store = RawStore();
        return _coreLinker.Instantiate(store, _core).GetFunction<int, int, int>("add")!(20, 22);
    }

    [Benchmark(Description = "component plugin add (dynamic), fresh instance")]
    public object? ComponentFresh() => _fresh.Call("add", 20, 22);

    [Benchmark(Description = "raw Wasmtime.Dotnet extism ok, no-op kernel")]
    public int ExtismRaw() => _extismRawOk();

    [Benchmark(Description = "Extism plugin ok (C# kernel)")]
    public byte[] ExtismCall() => _extism.Call("ok", []);

    [GlobalCleanup]
    public void Cleanup()
    {
        _extism.Dispose();
        _reused.Dispose();
        _fresh.Dispose();
        _host.Dispose();
        _coreStore.Dispose();
        _extismRawStore.Dispose();
        _coreLinker.Dispose();
        _extismRawLinker.Dispose();
        _engine.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
