using BenchmarkDotNet.Attributes;
using Capsule.Bench.Generated.Capsule.Bench.Host;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Wasi;
using Capsule.Wasi.Io;
using Wasmtime;
using Wasmtime.Components;

namespace Capsule.Bench;

/// <summary>
/// What one host call costs through Capsule's binding (HostLinker, ValRef),
/// hand-written and through the generated glue (HostImports, from bench/wit),
/// beside Wasmtime.Dotnet's own component binding (ComponentValue) doing the
/// same calls on the same engine and component. The guest loops; each
/// benchmark invocation makes <see cref="Calls"/> calls.
/// </summary>
[MemoryDiagnoser]
public class HostCallBenchmarks
{
    private const int Calls = 1000;
    private const int BigWrites = 20;

    private CapsuleEngine _engine = null!;
    private WasiHost _host = null!;
    private Component _component = null!;
    private ComponentStore _store = null!;
    private ComponentInstanceRef _capsule = null!;
    private WasiHost _glueHost = null!;
    private ComponentStore _glueStore = null!;
    private ComponentInstanceRef _glue = null!;
    private ComponentLinker _dotnetLinker = null!;
    private Store _dotnetStore = null!;
    private ComponentInstance _dotnet = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new CapsuleEngine();
        var wat = Path.Combine(Path.GetDirectoryName(BenchGuests.Get("hello.wasm"))!, "..", "wat-components", "host-call-bench.wat");
        _component = Component.FromTextFile(_engine.WasmEngine, wat);

        _host = new WasiHost(_engine);
        var bench = new HostInterface("capsule:bench/host");
        var sink = 0L;
        bench.Functions["nop"] = (_, _, _) => { };
        bench.Functions["take"] = (_, args, _) => sink += args[0].ToBytes().Length;
        _host.Linker.Define(bench);
        _store = _host.CreateStore(GuestGrants.None, Runtime.Running.GuestOutput.Discard, Runtime.Running.RunDeadline.None());
        _capsule = _host.Linker.Instantiate(_store, _component);

        // The same interface through the generated glue, on a linker of its own.
        _glueHost = new WasiHost(_engine);
        var benchHost = new BenchHost();
        _glueHost.Linker.Define(HostImports.Create(_ => benchHost));
        _glueStore = _glueHost.CreateStore(GuestGrants.None, Runtime.Running.GuestOutput.Discard, Runtime.Running.RunDeadline.None());
        _glue = _glueHost.Linker.Instantiate(_glueStore, _component);

        _dotnetLinker = new ComponentLinker(_engine.WasmEngine);
        _dotnetLinker.AddWasiPreview2();
        _dotnetLinker.AllowShadowing = true;
        using (var root = _dotnetLinker.Root())
        using (var instance = root.AddInstance("capsule:bench/host"))
        {
            instance.DefineFunction("nop", (_, _) => { });
            instance.DefineFunction("take", (args, _) => sink += args[0].AsList().Count);
        }
        _dotnetStore = new Store(_engine.WasmEngine);
        _dotnetStore.SetWasiConfiguration(new WasiConfiguration());
        _dotnetStore.SetEpochDeadline(1UL << 62);
        _dotnet = _dotnetLinker.Instantiate(_dotnetStore, _component);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "Wasmtime.Dotnet binding: nop")]
    public void DotnetNop() => _dotnet.GetFunction("nops")!.Call(ComponentValue.U32(Calls));

    [Benchmark(OperationsPerInvoke = Calls, Description = "Capsule binding: nop")]
    public int CapsuleNop() => _capsule.Call(null, "nops", 1, a => a[0].SetU32(Calls), 0, _ => 0);

    [Benchmark(OperationsPerInvoke = Calls, Description = "Capsule generated glue: nop")]
    public int GlueNop() => _glue.Call(null, "nops", 1, a => a[0].SetU32(Calls), 0, _ => 0);

    [Benchmark(OperationsPerInvoke = Calls, Description = "Wasmtime.Dotnet binding: list<u8> of 16 B")]
    public void DotnetTake16() => _dotnet.GetFunction("takes")!.Call(ComponentValue.U32(Calls), ComponentValue.U32(16));

    [Benchmark(OperationsPerInvoke = Calls, Description = "Capsule binding: list<u8> of 16 B")]
    public int CapsuleTake16() => _capsule.Call(null, "takes", 2, a => { a[0].SetU32(Calls); a[1].SetU32(16); }, 0, _ => 0);

    [Benchmark(OperationsPerInvoke = Calls, Description = "Capsule generated glue: list<u8> of 16 B")]
    public int GlueTake16() => _glue.Call(null, "takes", 2, a => { a[0].SetU32(Calls); a[1].SetU32(16); }, 0, _ => 0);

    [Benchmark(OperationsPerInvoke = BigWrites, Description = "Capsule binding: list<u8> of 64 KiB")]
    public int CapsuleTake64K() => _capsule.Call(null, "takes", 2, a => { a[0].SetU32(BigWrites); a[1].SetU32(64 * 1024); }, 0, _ => 0);

    [Benchmark(OperationsPerInvoke = BigWrites, Description = "Capsule generated glue: list<u8> of 64 KiB")]
    public int GlueTake64K() => _glue.Call(null, "takes", 2, a => { a[0].SetU32(BigWrites); a[1].SetU32(64 * 1024); }, 0, _ => 0);

    [Benchmark(OperationsPerInvoke = BigWrites, Description = "Capsule wasi:io output-stream.write of 64 KiB")]
    public int CapsuleWrite64K() => _capsule.Call(null, "writes", 2, a => { a[0].SetU32(BigWrites); a[1].SetU32(64 * 1024); }, 0, _ => 0);

    [GlobalCleanup]
    public void Cleanup()
    {
        _dotnetStore.Dispose();
        _dotnetLinker.Dispose();
        _store.Dispose();
        _host.Dispose();
        _glueStore.Dispose();
        _glueHost.Dispose();
        _component.Dispose();
        _engine.Dispose();
    }

    /// <summary>capsule:bench/host on its generated interface: what the hand-written lambdas do.</summary>
    private sealed class BenchHost : IHost
    {
        public long Sink { get; private set; }

        public void Nop()
        {
        }

        public void Take(ReadOnlySpan<byte> bytes) => Sink += bytes.Length;
    }
}
