using System.Globalization;
using Capsule.Bench.Stages;

namespace Capsule.Bench.Cpu;

/// <summary>
/// <c>stages-cpu [rounds]</c>: the thread CPU time of one served request of the minimal guest through the real
/// <c>WasiHost.HandleHttp</c> (store, instantiate, handler, teardown) plus the request translation and response read
/// around it, in process, on the layer <c>CAPSULE_COMPONENT_LAYER</c> names (said in the output). Per round the median of <see cref="Count"/> requests' CPU time; then the median of the
/// rounds, and the bytes the thread allocated per request. Run it in two builds, alternated, to compare them on a shared machine.
/// </summary>
internal static class StageCpu
{
    private const int Warmup = 20_000;
    private const int Count = 20_000;

    public static void Run(int rounds)
    {
        using var minimal = new MinimalApp();
        var stages = new RequestStages(minimal);
        stages.RunHandleHttp(Warmup, 1);
        var perRound = new List<double>();
        var processRounds = new List<double>();
        var allocated = 0L;
        var collections = new int[3];
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
            process.Refresh();
            var processBefore = process.TotalProcessorTime;
            var started = ThreadCpuClock.Nanoseconds();
            stages.RunHandleHttp(0, Count);
            perRound.Add((ThreadCpuClock.Nanoseconds() - started) / 1000.0 / Count);
            process.Refresh();
            processRounds.Add((process.TotalProcessorTime - processBefore).TotalMicroseconds / Count);
            allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / Count;
            for (var gen = 0; gen < 3; gen++)
            {
                collections[gen] = GC.CollectionCount(gen) - collectionsBefore[gen];
            }
        }
        var median = perRound.Order().ElementAt(perRound.Count / 2);
        var guest = minimal.App.Routes.Match("/")!.Target.Guest;
        var layer = minimal.Host.ServesOnComponentLayer(guest) ? "component layer (core C API)" : "component C API";
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ}; served on the {layer}; {rounds} rounds × {Count} requests; thread CPU µs per request "
            + $"(each round: {string.Join(", ", perRound.Select(F))}); median {F(median)}; process CPU µs per request (each round: {string.Join(", ", processRounds.Select(F))}); "
            + $"{allocated} B allocated per request; collections in the last round (gen0/1/2): {string.Join("/", collections)}");
    }

    private static string F(double microseconds) => microseconds.ToString("0.00", CultureInfo.InvariantCulture);
}
