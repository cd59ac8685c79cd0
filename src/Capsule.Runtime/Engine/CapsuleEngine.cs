using Wasmtime;

namespace Capsule.Runtime.Engine;

/// <summary>
/// The process's one Wasmtime engine (decision 2), configured from
/// <see cref="EngineSettings"/>, with the epoch ticker that makes stores check
/// their wall-clock deadlines. Thread-safe; create one at start-up and dispose it at exit.
/// </summary>
public sealed class CapsuleEngine : IDisposable
{
    private readonly EpochTicker _ticker;

    /// <summary>Creates the engine and starts its epoch ticker.</summary>
    public CapsuleEngine(EngineSettings? settings = null)
    {
        Settings = settings ?? EngineSettings.Default;
        if (Settings.Compiler is null)
        {
            throw new ArgumentException($"{WasmCompilers.Variable}='{Environment.GetEnvironmentVariable(WasmCompilers.Variable)}' names no compiler: use cranelift or winch");
        }
        Fingerprint = EngineFingerprint.Compute(Settings);
        using var config = BuildConfig(Settings);
        WasmEngine = new Wasmtime.Engine(config);
        _ticker = new EpochTicker(WasmEngine, Settings.EpochTick);
    }

    /// <summary>The settings the engine was built with.</summary>
    public EngineSettings Settings { get; }

    /// <summary>The artifact-cache fingerprint of this engine's code.</summary>
    public string Fingerprint { get; }

    /// <summary>The underlying Wasmtime engine. Owned by this object.</summary>
    public Wasmtime.Engine WasmEngine { get; }

    /// <summary>
    /// Epoch ticks between two checks of a store's deadline while guest code
    /// runs: every tick. The check (the store's epoch-deadline callback)
    /// compares the monotonic clock with the store's <c>RunDeadline</c>, so a
    /// late or missed tick delays a stop by at most one tick, never by the
    /// ticks it missed.
    /// </summary>
    public const ulong DeadlineCheckTicks = 1;

    private static Config BuildConfig(EngineSettings s)
    {
        var config = new Config()
            .WithComponentModel(s.ComponentModel)
            .WithEpochInterruption(true)
            .WithFuelConsumption(s.ConsumeFuel)
            .WithMemoryInitCopyOnWrite(s.MemoryInitCopyOnWrite)
            .WithParallelCompilation(s.ParallelCompilation)
            .WithOptimizationLevel(OptimizationLevel.Speed);
        if (s.PoolingAllocator)
        {
            // The config copies the pooling settings; ours can go at once.
            using var pool = new PoolingAllocationConfig()
                .WithMaxMemories(s.PoolTotalMemories)
                .WithMaxTables(s.PoolTotalTables)
                .WithMaxCoreInstances(s.PoolTotalCoreInstances)
                .WithTotalComponentInstances(s.PoolTotalComponentInstances)
                .WithMaxMemorySize((nuint)s.PoolMaxMemoryBytes)
                .WithMaxMemoriesPerComponent(s.PoolMaxMemoriesPerComponent)
                .WithMaxTablesPerComponent(s.PoolMaxTablesPerComponent)
                .WithMaxCoreInstancesPerComponent(s.PoolMaxCoreInstancesPerComponent)
                .WithLinearMemoryKeepResidentBytes((nuint)s.PoolLinearMemoryKeepResidentBytes)
                .WithTableKeepResidentBytes((nuint)s.PoolTableKeepResidentBytes);
            config.WithPoolingAllocationStrategy(pool);
        }
        // Not wrapped by the binding: set on its native config before the engine takes it.
        Native.EngineConfigNative.SetConcurrencySupport(config, s.ConcurrencySupport);
        Native.EngineConfigNative.SetStrategy(config, s.Compiler ?? WasmCompiler.Cranelift);
        return config;
    }

    /// <summary>Stops the ticker and releases the engine.</summary>
    public void Dispose()
    {
        _ticker.Dispose();
        WasmEngine.Dispose();
    }
}
