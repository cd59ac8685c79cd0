using System.Globalization;

namespace Capsule.Cli.Bench;

/// <summary>How the reports write figures and ratios.</summary>
public static class Figures
{
    /// <summary>e.g. "37.6 ms", "0.42 ms", "1.20 s".</summary>
    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a"
        : ms >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.00} s")
        : ms >= 10 ? string.Create(CultureInfo.InvariantCulture, $"{ms:0.0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{ms:0.00} ms");

    /// <summary>e.g. "12.4 MB", "830 KB" (powers of 1000, as file sizes are usually quoted).</summary>
    public static string Bytes(double bytes) => double.IsNaN(bytes) ? "n/a"
        : bytes >= 1e9 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.00} GB")
        : bytes >= 1e6 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0} KB");

    /// <summary>"median (p90 X, n N)" of a time figure.</summary>
    public static string Time(Samples s) => s.Count == 0 ? "n/a" : $"{Ms(s.Median)} (p90 {Ms(s.P90)}, n {s.Count})";

    /// <summary>"median (p90 X, n N)" of a memory figure.</summary>
    public static string Memory(Samples s) => s.Count == 0 ? "n/a" : $"{Bytes(s.Median)} (p90 {Bytes(s.P90)}, n {s.Count})";

    /// <summary>e.g. "3.2× faster than", "1.4× slower than": <paramref name="mine"/> against <paramref name="theirs"/>, by medians.</summary>
    public static string Ratio(double mine, double theirs)
    {
        if (double.IsNaN(mine) || double.IsNaN(theirs) || mine <= 0 || theirs <= 0)
        {
            return "not comparable with";
        }
        return mine <= theirs
            ? string.Create(CultureInfo.InvariantCulture, $"{theirs / mine:0.0#}× faster than")
            : string.Create(CultureInfo.InvariantCulture, $"{mine / theirs:0.0#}× slower than");
    }
}
