using System.Globalization;
using System.Text.RegularExpressions;

namespace Capsule.Cli.Tests.Telemetry;

/// <summary>
/// What each request cost, through a real capsule up (issue 24 §2): a guest that burns ~50 ms of CPU
/// reports 40-60 ms of guest CPU time while every core is busy with other processes, and a WAGI module
/// that grows its memory by 32 MiB reports that peak.
/// </summary>
public sealed partial class RequestCostTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_guest_burning_50_ms_of_cpu_reports_40_to_60_ms_with_every_core_busy()
    {
        using var cache = new TempDir();
        using var app = new TempDir();
        await File.WriteAllTextAsync(app.Combine("capsule.toml"), TestManifests.SingleComponent("burn", "http-burn-n.wasm"));
        using var served = await ServedCapsule.Start(cache.Path, app.Path, "burn");
        for (var i = 0; i < 3; i++)
        {
            // Warm: the JIT's tiering and the first requests' allocations are not the guest's.
            await Burn(served, 0);
            await Burn(served, 1_000_000);
        }

        using var burners = new CpuBurners();
        // How much CPU an iteration of the guest's loop takes on this machine, busy cores included, as the
        // kernel counts the thread that ran it (the process's thread whose schedstat grew most during the
        // request): the loop's CPU beyond an empty request's.
        const int probe = 200_000_000;
        var empty = new List<double>();
        var probed = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            empty.Add((await Burn(served, 0)).ThreadMs);
            probed.Add((await Burn(served, probe)).ThreadMs);
        }
        var msPerIteration = (probed.Min() - empty.Min()) / probe;
        var iterations = (int)(50 / msPerIteration);

        // Three requests whose thread the kernel saw burn 40-60 ms must each report 40-60 ms. A loop's CPU per
        // iteration drifts with what the burners do to the caches and clocks (a clean-clone CI run calibrated
        // 50 ms and burned 67): each request re-aims the next at 50 ms from what the kernel counted.
        var judged = 0;
        var seen = new List<string>();
        for (var attempt = 0; attempt < 10 && judged < 3; attempt++)
        {
            var (line, reported, threadMs) = await Burn(served, iterations);
            seen.Add($"{iterations} iterations: reported {reported:F1} ms, thread {threadMs:F1} ms");
            var said = $"{line}\nits thread used {threadMs:F1} ms; {iterations} iterations aimed at 50 ms (empty request {empty.Min():F1} ms)\n{string.Join("\n", seen)}";
            // What the kernel counted for the thread, within a millisecond (the thread also ran Kestrel's part of the request).
            Assert.True(reported <= threadMs + 1 && reported >= threadMs - 1.5, said);
            // Wasmtime's component C API (the default layer) shows no memories, and no fuel is metered: neither is guessed.
            Assert.DoesNotContain("mem=", line);
            Assert.DoesNotContain("fuel=", line);
            if (threadMs is >= 40 and <= 60)
            {
                Assert.True(reported is >= 40 and <= 60, said);
                judged++;
            }
            // Damped: one request descheduled or sharing its thread's count must not throw the aim far off.
            iterations = (int)(iterations * Math.Clamp(50 / Math.Max(threadMs - empty.Min(), 1), 0.7, 1.4));
        }
        Assert.True(judged == 3, $"only {judged} of 10 requests burned 40-60 ms as the kernel counts it:\n{string.Join("\n", seen)}");
    }

    [Fact]
    public async Task A_wagi_module_growing_its_memory_by_32_MiB_reports_that_peak()
    {
        using var cache = new TempDir();
        using var app = new TempDir();
        await File.WriteAllTextAsync(app.Combine("capsule.toml"), $"""
            [application]
            name = "grow"

            [[trigger.http]]
            route = "/grow"
            component = "grow"
            executor = {"{"} type = "wagi" {"}"}

            [component.grow]
            {TestManifests.Source("wagi-grow.wasm")}
            """);
        using var served = await ServedCapsule.Start(cache.Path, app.Path, "grow");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("grew\n", await served.Client.GetStringAsync("/grow"));
            var line = await served.Server.WaitForLine(l => l.Contains("GET /grow 200", StringComparison.Ordinal), Wait);
            var cost = WagiCost().Match(line);
            Assert.True(cost.Success, line);
            // One page to start with, and 512 more (32 MiB): each request's fresh instance reports its own peak.
            Assert.Equal(65_536L + (32L << 20), long.Parse(cost.Groups["mem"].Value, CultureInfo.InvariantCulture));
            Assert.Equal("5", cost.Groups["out"].Value);
            // Wasmtime's WASI preview 1 is not counted per call: the line says nothing rather than 0.
            Assert.DoesNotContain("host_calls", line);
        }
    }

    [Fact]
    public async Task A_component_on_the_component_layer_reports_its_peak_memory()
    {
        using var cache = new TempDir();
        using var app = new TempDir();
        await File.WriteAllTextAsync(app.Combine("capsule.toml"), TestManifests.SingleComponent("grow", "http-grow.wasm"));
        using var served = await ServedCapsule.Start(cache.Path, app.Path, "grow", "--component-layer", "core");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/grown"));
            var line = await served.Server.WaitForLine(l => l.Contains("GET /grown 200", StringComparison.Ordinal), Wait);
            // http-grow.wat starts with one page and grows 15 more: 1 MiB, in each request's fresh instance.
            Assert.Matches(@"component=grow cpu=[0-9.]+ms instantiate=[0-9.]+ms in=0B out=15B mem=1048576B host_calls=\d+", line);
        }
    }

    // One request burning `iterations`: its access line, the CPU it reports, and the CPU the kernel counted
    // for the busiest thread of the process from before the request until its access line was printed.
    private static async Task<(string Line, double ReportedMs, double ThreadMs)> Burn(ServedCapsule served, int iterations)
    {
        var before = ThreadCpuMs(served.Server.Id);
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync($"/burn?n={iterations}"));
        var line = await served.Server.WaitForLine(l => l.Contains($"GET /burn 200", StringComparison.Ordinal), Wait);
        var after = ThreadCpuMs(served.Server.Id);
        var busiest = after.Max(t => t.Value - before.GetValueOrDefault(t.Key));
        var cpu = Cpu().Match(line);
        Assert.True(cpu.Success, line);
        return (line, double.Parse(cpu.Groups["cpu"].Value, CultureInfo.InvariantCulture), busiest);
    }

    // Each thread's run time in milliseconds (schedstat's first field, nanoseconds), by thread id.
    private static Dictionary<string, double> ThreadCpuMs(int pid)
    {
        var threads = new Dictionary<string, double>();
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                threads[Path.GetFileName(task)] = long.Parse(File.ReadAllText($"{task}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) / 1e6;
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        return threads;
    }

    [GeneratedRegex(@"component=burn cpu=(?<cpu>[0-9.]+)ms ")]
    private static partial Regex Cpu();

    [GeneratedRegex(@"component=grow cpu=[0-9.]+ms instantiate=[0-9.]+ms in=0B out=(?<out>\d+)B mem=(?<mem>\d+)B")]
    private static partial Regex WagiCost();
}
