namespace Capsule.Runtime.Engine;

/// <summary>
/// What one instance of a component takes from the engine's pooling
/// allocator: core instances, linear memories and tables (plus one component
/// instance). The pool's totals (<see cref="EngineSettings"/>) are shared by
/// every store of the process, and instantiation fails once one runs out, so
/// whoever admits instances counts these to keep the pool from overflowing.
/// </summary>
/// <param name="CoreInstances">Core module instances (a componentize-js guest has 4).</param>
/// <param name="Memories">Linear memories the component defines (imported ones are not allocated again).</param>
/// <param name="Tables">Tables the component defines.</param>
public sealed record PoolFootprint(int CoreInstances, int Memories, int Tables)
{
    /// <summary>
    /// The most any component can take: Wasmtime refuses to instantiate one
    /// that needs more than the pool's per-component maxima. A safe cost when
    /// measuring is not possible.
    /// </summary>
    public static PoolFootprint MostPerComponent(EngineSettings settings) =>
        new((int)settings.PoolMaxCoreInstancesPerComponent, (int)settings.PoolMaxMemoriesPerComponent, (int)settings.PoolMaxTablesPerComponent);

    /// <summary>
    /// Measures a component with <paramref name="instantiates"/>, which
    /// instantiates it in a throwaway store whose limiter caps core instances,
    /// memories and tables (null: uncapped) and says whether that worked. The
    /// smallest cap that still instantiates is what Wasmtime counts for the
    /// store, and the pool counts the same things. A component that does not
    /// instantiate even uncapped gets <see cref="MostPerComponent"/>. About
    /// ten instantiations, most of them failing early; run once per component at load time.
    /// </summary>
    public static PoolFootprint Measure(EngineSettings settings, Func<int?, int?, int?, bool> instantiates)
    {
        var most = MostPerComponent(settings);
        if (!instantiates(null, null, null))
        {
            return most;
        }
        return new PoolFootprint(
            SmallestCap(most.CoreInstances, cap => instantiates(cap, null, null)),
            SmallestCap(most.Memories, cap => instantiates(null, cap, null)),
            SmallestCap(most.Tables, cap => instantiates(null, null, cap)));
    }

    /// <summary>How many instances of this footprint the pool of <paramref name="settings"/> holds at once.</summary>
    public long InstancesThatFit(EngineSettings settings) =>
        new[]
        {
            settings.PoolTotalComponentInstances,
            settings.PoolTotalCoreInstances / Math.Max(1, CoreInstances),
            Memories == 0 ? long.MaxValue : settings.PoolTotalMemories / Memories,
            Tables == 0 ? long.MaxValue : settings.PoolTotalTables / Tables,
        }.Min();

    // The smallest cap in [0, most] that instantiates; most if none does.
    // Counts are small (a componentize-js guest: 4, 1, 2), so caps are tried
    // upwards, doubling (0, 1, 2, 4, ...), then narrowed by binary search:
    // a cap too small fails early, and few full instantiations are made (each
    // costs about a millisecond at start-up for a large component).
    private static int SmallestCap(int most, Func<int, bool> instantiates)
    {
        var (low, high) = (0, most);
        for (var cap = 0; cap < most; cap = Math.Max(1, cap * 2))
        {
            if (instantiates(cap))
            {
                high = cap;
                break;
            }
            low = cap + 1;
        }
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (instantiates(middle))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return high;
    }
}
