namespace Capsule.Runtime.Engine;

/// <summary>
/// Every setting of the process-wide Wasmtime engine, in one place, each with
/// the reason for its default. Settings that change generated code or memory
/// layout are part of the artifact cache key (<see cref="EngineFingerprint"/>),
/// so changing one recompiles cached artifacts instead of loading stale ones.
/// </summary>
public sealed record EngineSettings
{
    /// <summary>Components (WASI 0.2) are a first-class guest kind. Default: on.</summary>
    public bool ComponentModel { get; init; } = true;

    /// <summary>
    /// How often the background ticker advances the engine epoch; running
    /// guest code checks its store's wall-clock deadline on every tick, so this
    /// is the timeout granularity. Default 10 ms: fine enough for request
    /// timeouts, cheap enough (100 wake-ups/s) to leave on in an idle process.
    /// </summary>
    public TimeSpan EpochTick { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Fuel metering: a deterministic instruction budget. It costs 10-30 % of
    /// guest speed, so it is off unless a run asks for a fuel budget.
    /// </summary>
    public bool ConsumeFuel { get; init; }

    /// <summary>
    /// The pooling allocator pre-reserves instance slots, so instantiation is a
    /// few microseconds. Default: on (decision 2: instance per request), unless
    /// <c>CAPSULE_POOLING=off</c>: the pool reserves terabytes of address space
    /// at start-up, which an emulator cannot map (qemu-user 7.2 keeps a record
    /// per page of every mapping, and never finished starting the arm64 capsule).
    /// </summary>
    public bool PoolingAllocator { get; init; } = Environment.GetEnvironmentVariable(PoolingVariable) != "off";

    /// <summary>The environment variable that turns the pooling allocator off (<c>off</c>).</summary>
    public const string PoolingVariable = "CAPSULE_POOLING";

    /// <summary>
    /// The compiler: Cranelift unless <c>CAPSULE_COMPILER=winch</c> asks for
    /// Wasmtime's baseline compiler (<see cref="WasmCompiler.Winch"/>); null when
    /// the variable names no compiler, which <see cref="CapsuleEngine"/> refuses.
    /// Different code, so part of the fingerprint.
    /// </summary>
    public WasmCompiler? Compiler { get; init; } = WasmCompilers.FromEnvironment();

    /// <summary>Pool bound: linear memories alive at once, across all stores. Default 1000 (Wasmtime's).</summary>
    public uint PoolTotalMemories { get; init; } = 1000;

    /// <summary>Pool bound: tables alive at once. Default 1000 (Wasmtime's).</summary>
    public uint PoolTotalTables { get; init; } = 1000;

    /// <summary>Pool bound: core instances alive at once. Default 1000 (Wasmtime's).</summary>
    public uint PoolTotalCoreInstances { get; init; } = 1000;

    /// <summary>Pool bound: component instances alive at once. Default 1000 (Wasmtime's).</summary>
    public uint PoolTotalComponentInstances { get; init; } = 1000;

    /// <summary>
    /// Largest linear memory a slot can hold. Default 4 GiB, the wasm32 maximum,
    /// so that per-store limits (<c>ResourceLimits</c>), not the pool,
    /// decide how far a guest may grow.
    /// </summary>
    public ulong PoolMaxMemoryBytes { get; init; } = 4UL << 30;

    /// <summary>Core memories per component. Default 16: a componentize-js guest uses a few.</summary>
    public uint PoolMaxMemoriesPerComponent { get; init; } = 16;

    /// <summary>Tables per component. Default 64: adapters and shims add several.</summary>
    public uint PoolMaxTablesPerComponent { get; init; } = 64;

    /// <summary>Core instances per component. Default 64: a componentize-js guest takes 4 (measured, <see cref="PoolFootprint"/>); composed components take more.</summary>
    public uint PoolMaxCoreInstancesPerComponent { get; init; } = 64;

    /// <summary>
    /// Bytes of a reused memory slot kept resident (reset with memset instead
    /// of madvise). Measured here: without it, copy-on-write page faults and
    /// TLB flushes capped two threads at ~1,400 req/s; 16 MiB gave ~5,900
    /// (shared/notes/wasmtime-c-api.md). Default 16 MiB.
    /// The price: every slot an instance once used keeps up to this much
    /// resident (a JS guest's ~8 MiB image is copied back at each reset), and
    /// Wasmtime 50.0.1 has no idle timeout (<c>max_unused_warm_slots</c> only
    /// chooses between warm and cold slots; nothing decommits a warm one). Serving
    /// gives the memory back by replacing a component's compiled copy after a
    /// burst (<c>LoadedGuest.ReleaseIdleSlots</c>): dropping a module purges its slots' images.
    /// </summary>
    public ulong PoolLinearMemoryKeepResidentBytes { get; init; } = 16UL << 20;

    /// <summary>Same as <see cref="PoolLinearMemoryKeepResidentBytes"/> for tables. Default 1 MiB.</summary>
    public ulong PoolTableKeepResidentBytes { get; init; } = 1UL << 20;

    /// <summary>
    /// Map data segments copy-on-write from the artifact instead of copying
    /// them at instantiation. Default: on (decision 2); it changes the
    /// artifact format, so it is part of the fingerprint.
    /// </summary>
    public bool MemoryInitCopyOnWrite { get; init; } = true;

    /// <summary>
    /// Component-model concurrency support (the async ABI, WASI 0.3). Default:
    /// off. With it on, Wasmtime 50.0.1 lifts the second borrowed handle of a
    /// host call through a "deferred host scope" the first one already used,
    /// and traps ("BUG: deferred host scope has no call context"): every
    /// <c>wasi:io/poll.poll</c> over two or more pollables, and every call with two
    /// borrows (<c>output-stream.splice</c>, <c>descriptor.rename-at</c>,
    /// <c>link-at</c>). Off, stores use nested scopes and those calls work. It
    /// rules out component-model async and WASI 0.3 guests until upstream is
    /// fixed. It changes compiled artifacts, so it is part of the fingerprint.
    /// </summary>
    public bool ConcurrencySupport { get; init; }

    /// <summary>Compile functions on all cores: a 13 MB component compiles in ~3.5 s instead of ~7 s.</summary>
    public bool ParallelCompilation { get; init; } = true;

    /// <summary>The settings for the process, unless a command asks otherwise.</summary>
    public static EngineSettings Default { get; } = new();
}
