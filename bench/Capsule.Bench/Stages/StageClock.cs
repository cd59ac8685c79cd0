using System.Diagnostics;

namespace Capsule.Bench.Stages;

/// <summary>
/// Per-stage timings of many requests: each request records the timestamp at
/// every stage boundary; a stage's figure is the median of its durations
/// (robust against the other work sharing the machine).
/// </summary>
internal sealed class StageClock(string[] stages, int capacity)
{
    private readonly long[][] _samples = stages.Select(_ => new long[capacity]).ToArray();
    private readonly long[] _marks = new long[stages.Length + 1];
    private int _mark;
    private int _count;

    public string[] Stages { get; } = stages;

    /// <summary>Starts one request.</summary>
    public void Start()
    {
        _mark = 0;
        _marks[_mark++] = Stopwatch.GetTimestamp();
    }

    /// <summary>Ends the current stage (in the order of <see cref="Stages"/>).</summary>
    public void Mark() => _marks[_mark++] = Stopwatch.GetTimestamp();

    /// <summary>Ends one request; kept unless <paramref name="keep"/> is false (warm-up).</summary>
    public void Stop(bool keep)
    {
        if (!keep || _count >= _samples[0].Length)
        {
            return;
        }
        for (var i = 0; i < Stages.Length; i++)
        {
            _samples[i][_count] = _marks[i + 1] - _marks[i];
        }
        _count++;
    }

    /// <summary>The median of each stage in microseconds.</summary>
    public double[] MedianMicroseconds() => _samples.Select(s => Median(s.AsSpan(0, _count))).ToArray();

    /// <summary>The median of <paramref name="ticks"/> (Stopwatch ticks) in microseconds.</summary>
    public static double Median(Span<long> ticks)
    {
        if (ticks.Length == 0)
        {
            return double.NaN;
        }
        var copy = ticks.ToArray();
        Array.Sort(copy);
        return copy[copy.Length / 2] * 1e6 / Stopwatch.Frequency;
    }
}
