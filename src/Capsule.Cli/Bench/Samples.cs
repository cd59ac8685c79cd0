namespace Capsule.Cli.Bench;

/// <summary>Measured values of one figure (milliseconds or bytes), with the statistics the reports quote.</summary>
/// <param name="Values">Every sample, in the order measured.</param>
public sealed record Samples(IReadOnlyList<double> Values)
{
    /// <summary>How many samples there are.</summary>
    public int Count => Values.Count;

    /// <summary>The median (the mean of the middle two for an even count); NaN when empty.</summary>
    public double Median => Percentile(50);

    /// <summary>The 90th percentile, nearest rank; NaN when empty.</summary>
    public double P90 => Percentile(90);

    /// <summary>The median for 50, else the value at nearest rank <paramref name="percent"/>.</summary>
    public double Percentile(int percent)
    {
        if (Values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = Values.Order().ToArray();
        if (percent == 50)
        {
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
        var rank = (int)Math.Ceiling(sorted.Length * percent / 100.0);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
