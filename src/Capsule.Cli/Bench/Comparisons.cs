namespace Capsule.Cli.Bench;

/// <summary>The sentences comparing the Wasm rows with every other row, by median time to first response.</summary>
public static class Comparisons
{
    /// <summary>e.g. "Capsule cold (cache warm) 1.1× faster than runc + busybox httpd (35.0 ms vs 38.2 ms)".</summary>
    public static IEnumerable<string> Lines(CompareResult result)
    {
        // The cache-cold row compiles; the idle-instance row's time is a first request to a host already up: neither is a start to compare.
        var wasm = result.Rows.Where(r => r.Form == PeerForm.Wasm && r.FirstResponseMs.Count > 0
            && !r.Name.Contains("cache cold", StringComparison.Ordinal) && r.Name != IdleInstanceMeter.Row).ToList();
        foreach (var other in result.Rows.Where(r => r.Form != PeerForm.Wasm && r.FirstResponseMs.Count > 0))
        {
            foreach (var mine in wasm)
            {
                yield return $"{mine.Name} {Figures.Ratio(mine.FirstResponseMs.Median, other.FirstResponseMs.Median)} {other.Name} "
                    + $"({Figures.Ms(mine.FirstResponseMs.Median)} vs {Figures.Ms(other.FirstResponseMs.Median)})";
            }
        }
    }
}
