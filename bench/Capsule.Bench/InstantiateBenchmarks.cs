using BenchmarkDotNet.Attributes;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;
using Wasmtime;
using Wasmtime.Components;

namespace Capsule.Bench;

/// <summary>
/// New store + instantiate (+ call, for the module) through Capsule's path
/// (grants → StoreFactory → linker) beside raw Wasmtime.Dotnet doing the
/// same on the same engine. Both sides share the engine and the compiled
/// code, so the ratio is Capsule's own overhead. The JS component is only
/// instantiated: calling its wasi:http handler needs the WASI 0.2 HTTP host.
/// </summary>
[MemoryDiagnoser]
public class InstantiateBenchmarks
{
    private CapsuleEngine _engine = null!;
    private GuestRunner _runner = null!;
    private StoreFactory _stores = null!;
    private LoadedGuest _module = null!;
    private LoadedGuest _jsComponent = null!;
    private Linker _rawLinker = null!;
    private ComponentLinker _componentLinker = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new CapsuleEngine();
        _runner = new GuestRunner(_engine);
        _stores = new StoreFactory(_engine);
        var loader = new GuestLoader(_engine, new ArtifactCache(CacheLocation.Resolve(), _engine));
        _module = loader.Load(BenchGuests.Get("hello.wasm"));
        _jsComponent = loader.Load(BenchGuests.Get("hello-js.component.wasm"));
        _rawLinker = new Linker(_engine.WasmEngine);
        _rawLinker.DefineWasi();
        // Until Capsule.Wasi exists, wasi:http imports are trap stubs on both sides.
        _componentLinker = new ComponentLinker(_engine.WasmEngine);
        _componentLinker.AddWasiPreview2();
        _componentLinker.DefineUnknownImportsAsTraps(_jsComponent.Component!);
    }

    [Benchmark(Baseline = true, Description = "raw Wasmtime: small module, store+instantiate+_start")]
    public void RawModule()
    {
        using var store = new Store(_engine.WasmEngine);
        store.SetWasiConfiguration(new WasiConfiguration());
        store.SetEpochDeadline(1UL << 62);
        var instance = _rawLinker.Instantiate(store, _module.Module!);
        instance.GetFunction("_start")!.Invoke();
    }

    [Benchmark(Description = "Capsule: small module, GuestRunner.Run")]
    public RunResult CapsuleModule() => _runner.Run(_module, GuestGrants.None, GuestOutput.Discard);

    [Benchmark(Description = "raw Wasmtime: 13 MB JS component, store+instantiate")]
    public void RawComponent()
    {
        using var store = new Store(_engine.WasmEngine);
        store.SetWasiConfiguration(new WasiConfiguration());
        store.SetEpochDeadline(1UL << 62);
        _componentLinker.Instantiate(store, _jsComponent.Component!);
    }

    [Benchmark(Description = "Capsule: 13 MB JS component, StoreFactory+instantiate")]
    public void CapsuleComponent()
    {
        using var deadline = RunDeadline.None();
        using var store = _stores.Create(GuestGrants.None, GuestOutput.Discard, deadline);
        _componentLinker.Instantiate(store, _jsComponent.Component!);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _componentLinker.Dispose();
        _rawLinker.Dispose();
        _module.Dispose();
        _jsComponent.Dispose();
        _runner.Dispose();
        _engine.Dispose();
    }
}
