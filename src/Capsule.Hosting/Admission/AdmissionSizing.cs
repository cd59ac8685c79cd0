using Capsule.Hosting.Manifest;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi;

namespace Capsule.Hosting.Admission;

/// <summary>
/// Sizes admission for a loaded app, before it listens: the capacity (the
/// engine's pool totals, the app's maximum, the memory budget), what one
/// instance of each component costs (its measured pool footprint and its
/// memory reservation), and each component's maximum and reserved share.
/// A setting that cannot hold fails start-up with a <see cref="ManifestException"/>.
/// </summary>
internal static class AdmissionSizing
{
    /// <summary>Instances in flight when the pooling allocator is off and no maximum is given.</summary>
    private const int UnpooledMaxConcurrent = 1000;

    /// <summary>
    /// A gate for <paramref name="app"/> on <paramref name="host"/>'s engine, with
    /// <paramref name="options"/> (already checked by the caller's parser;
    /// <see cref="ArgumentException"/> if out of range).
    /// </summary>
    public static AdmissionGate For(LoadedApp app, WasiHost host, AdmissionOptions options)
    {
        options.Validate();
        var settings = host.Engine.Settings;
        var capacity = Capacity(settings, options);
        var costs = app.Components.Values.ToDictionary(c => c.Id, c => Cost(host, c));
        var maxima = new Dictionary<string, int>();
        foreach (var (id, cost) in costs)
        {
            var configured = Concurrency(app, id)?.MaxConcurrent ?? options.MaxConcurrentPerComponent ?? int.MaxValue;
            var fits = capacity.HowMany(cost);
            if (fits == 0)
            {
                var over = cost.FirstOver(capacity, cost, state: "needed")!;
                throw over.StartsWith("memory budget", StringComparison.Ordinal)
                    ? Error(app, id, "memory", $"one instance does not fit: {over} (an instance reserves {ByteSize.Format(cost.MemoryBytes)}: "
                        + "limits.memory for each linear memory it defines); raise --memory-budget or lower limits.memory")
                    : Error(app, id, "max_concurrent", $"one instance does not fit: {over}; the engine's instance pool is too small for this component");
            }
            // Not clamped to what fits alone: a refusal then names the shared bound (memory budget, pool) that stopped it.
            maxima[id] = (int)Math.Min(configured, capacity.Instances);
        }
        return new AdmissionGate(options, capacity, Reserve(app, capacity, costs, maxima));
    }

    private static AdmissionResources Capacity(EngineSettings settings, AdmissionOptions options)
    {
        var memory = options.MemoryBudgetBytes ?? MachineMemory.DefaultBudgetBytes;
        if (!settings.PoolingAllocator)
        {
            return new(options.MaxConcurrent ?? UnpooledMaxConcurrent, long.MaxValue, long.MaxValue, long.MaxValue, memory);
        }
        var instances = Math.Min(options.MaxConcurrent ?? long.MaxValue, settings.PoolTotalComponentInstances);
        return new(instances, settings.PoolTotalCoreInstances, settings.PoolTotalMemories, settings.PoolTotalTables, memory);
    }

    // One instance, its pool footprint, and its component's memory limit for
    // each linear memory it defines: Wasmtime bounds each memory, not their
    // sum, and a guest may grow to the limit at any moment after admission, so
    // only the limit (not a measured size) keeps the sum under the budget.
    private static AdmissionResources Cost(WasiHost host, ServedComponent component)
    {
        // Measured with or without pooling: the memory count sizes the reservation either way.
        var footprint = component.Guest.Kind == WasmKind.CoreModule
            ? Wagi.WagiFootprint.Measure(host, component)
            : Footprint(host, component.Guest, component.Grants);
        return new(1, footprint.CoreInstances, footprint.Memories, footprint.Tables, footprint.Memories * component.Grants.Limits.MaxMemoryBytes);
    }

    /// <summary>
    /// What one instance of <paramref name="guest"/> takes from the pool, measured
    /// by instantiating it against <paramref name="host"/>'s linker in throwaway
    /// stores (<see cref="PoolFootprint.Measure"/>); no guest code runs.
    /// </summary>
    public static PoolFootprint Footprint(WasiHost host, LoadedGuest guest, GuestGrants grants) =>
        PoolFootprint.Measure(host.Engine.Settings, (instances, memories, tables) =>
        {
            grants = grants with { Mounts = [] };
            using var deadline = new RunDeadline(grants.Limits.Timeout);
            using var store = host.CreateStore(grants, GuestOutput.Discard, deadline);
            store.LimitCounts(grants.Limits, instances, memories, tables);
            try
            {
                host.Linker.Instantiate(store, guest.Component!);
                return true;
            }
            catch (ComponentCallException)
            {
                return false;
            }
        });

    // Explicit reserved shares as written; the others split half of what is
    // left evenly (the other half stays shared), each at most its maximum.
    private static List<ComponentDemand> Reserve(
        LoadedApp app, AdmissionResources capacity, Dictionary<string, AdmissionResources> costs, Dictionary<string, int> maxima)
    {
        var explicitShares = costs.Keys.Where(id => Concurrency(app, id)?.ReservedConcurrent is not null).ToList();
        var promised = default(AdmissionResources);
        foreach (var id in explicitShares)
        {
            var reserved = Concurrency(app, id)!.ReservedConcurrent!.Value;
            promised += reserved * costs[id];
            if (promised.FirstOver(capacity, promised, state: "promised") is { } over)
            {
                throw Error(app, id, "reserved_concurrent", $"{reserved} reserved instances do not fit with the other components' reserved shares: {over} of the capacity");
            }
        }
        var left = capacity - promised;
        var half = new AdmissionResources(left.Instances / 2, left.CoreInstances / 2, left.Memories / 2, left.Tables / 2, left.MemoryBytes / 2);
        var others = Math.Max(1, costs.Count - explicitShares.Count);
        var demands = new List<ComponentDemand>();
        foreach (var (id, cost) in costs)
        {
            var reserved = Concurrency(app, id)?.ReservedConcurrent
                ?? (int)Math.Min(maxima[id], half.HowMany(cost) == long.MaxValue ? maxima[id] : half.HowMany(cost) / others);
            demands.Add(new ComponentDemand(id, cost, maxima[id], reserved));
        }
        return demands;
    }

    private static ConcurrencyLimits? Concurrency(LoadedApp app, string id) =>
        app.Manifest.Components.TryGetValue(id, out var spec) ? spec.Concurrency : null;

    private static ManifestException Error(LoadedApp app, string id, string key, string problem) =>
        new(app.Manifest.DisplayName, Concurrency(app, id)?.Line, $"component.{id}.limits.{key}", problem);
}
