using System.Diagnostics;

namespace Capsule.Cli.Tests;

/// <summary>One real <c>capsule bench compare --runs 3</c> of a small Wasm guest, shared by the tests that read it.</summary>
public sealed class BenchCompareFixture : IDisposable
{
    public BenchCompareFixture()
    {
        File.WriteAllText(App.Combine("capsule.toml"), TestManifests.SingleComponent("hello", "http-hello.wasm"));
        Run = BenchRun.Start(Cache.Path, ["bench", "compare", App.Path, "--runs", "3", "--json", "--report", App.Combine("report.md")]);
    }

    public TempDir App { get; } = new();

    public TempDir Cache { get; } = new();

    public BenchRun Run { get; }

    /// <summary>Containers run here (root, runc, busybox): CI has them; elsewhere the container rows are skipped with a note.</summary>
    public static bool ContainersRun => IsRoot && Which("runc") is not null && Which("busybox") is not null;

    /// <summary>The tests run as root (effective uid 0).</summary>
    public static bool IsRoot => File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[2] == "0";

    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public void Dispose()
    {
        App.Dispose();
        Cache.Dispose();
    }
}

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BenchCompareTests(BenchCompareFixture fixture) : IClassFixture<BenchCompareFixture>
{
    private const string IdleRow = "Capsule idle instance (one request, instance kept)";
    private static readonly string[] CapsuleRows = ["Capsule cold (cache warm)", "Capsule cold (cache cold)", "Capsule warm (new instance per request)", IdleRow];
    private static readonly string[] ProcessRows = ["busybox httpd (process)", "Node (process)"];

    [Fact]
    public void Every_row_has_three_timed_starts_and_memory_samples_and_its_statistics_come_from_them()
    {
        var run = fixture.Run;
        Assert.True(run.ExitCode == 0, run.Stderr);
        var notes = run.Json.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        // Each runtime on PATH gives two rows, unless it cannot run here (crun on a hybrid cgroup host): then one note says so.
        string[] runtimes = [.. new[] { "runc", "crun" }.Where(r => BenchCompareFixture.ContainersRun && BenchCompareFixture.Which(r) is not null)
            .Where(r => !notes.Any(n => n.StartsWith($"{r} rows skipped: ", StringComparison.Ordinal)))];
        string[] expected = [.. CapsuleRows, .. ProcessRows, .. runtimes.SelectMany(r => new[] { $"{r} + busybox httpd", $"{r} + Node" })];
        Assert.Equal(expected.Order(), run.Json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order());
        foreach (var name in expected)
        {
            var row = run.Row(name);
            var times = BenchRun.Values(row, "firstResponseMs");
            Assert.Equal(3, times.Length);
            Assert.All(times, t => Assert.InRange(t, 0.01, 120_000));
            var sorted = times.Order().ToArray();
            Assert.Equal(sorted[1], row.GetProperty("firstResponseMs").GetProperty("median").GetDouble());
            Assert.Equal(sorted[2], row.GetProperty("firstResponseMs").GetProperty("p90").GetDouble());
            Assert.Equal(3, row.GetProperty("firstResponseMs").GetProperty("count").GetInt32());
            var memory = BenchRun.Values(row, "idleBytes");
            Assert.Equal(3, memory.Length);
            if (name != IdleRow)
            {
                Assert.All(memory, b => Assert.InRange(b, 100_000, 4e9));
            }
        }
        // One idle instance: what its request added to the host's resident set, and its linear memory:
        // http-hello's one 64 KiB page, read from the host's mappings in each of the 3 hosts.
        var idle = run.Row(IdleRow);
        Assert.InRange(idle.GetProperty("idleBytes").GetProperty("median").GetDouble(), 1, 1e9);
        Assert.Equal([65536, 65536, 65536], BenchRun.Values(idle, "linearMemoryBytes"));
        Assert.All(run.Json.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("name").GetString() != IdleRow),
            r => Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("linearMemoryBytes").ValueKind));
        if (BenchCompareFixture.ContainersRun)
        {
            // Node's rootfs holds node and its libraries; busybox's a static binary.
            Assert.True(run.Row("runc + Node").GetProperty("sizeBytes").GetInt64() > new FileInfo(BenchCompareFixture.Which("node")!).Length);
            Assert.InRange(run.Row("runc + busybox httpd").GetProperty("sizeBytes").GetInt64(), 100_000, 50_000_000);
            Assert.All(expected.Where(n => n.StartsWith("runc", StringComparison.Ordinal)),
                n => Assert.Equal(run.Row("Node (process)").GetProperty("architecture").GetString(), run.Row(n).GetProperty("architecture").GetString()));
        }
    }

    [Fact]
    public void Density_is_extrapolated_from_several_running_at_once_and_says_so()
    {
        var run = fixture.Run;
        var density = run.Json.GetProperty("density").EnumerateArray().ToList();
        var names = density.Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Contains("Capsule (components in one host)", names);
        Assert.Contains("Node (process)", names);
        if (BenchCompareFixture.ContainersRun)
        {
            Assert.Contains("runc + busybox httpd", names);
        }
        foreach (var d in density)
        {
            var each = d.GetProperty("eachBytes").GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
            Assert.Equal(d.GetProperty("measured").GetInt32(), each.Count);
            Assert.True(each.Count >= 4, d.ToString());
            var median = d.GetProperty("eachBytes").GetProperty("median").GetDouble();
            Assert.Equal(1L << 30, d.GetProperty("budgetBytes").GetInt64());
            Assert.Equal((long)Math.Floor(((1L << 30) - d.GetProperty("baseBytes").GetInt64()) / median), d.GetProperty("fits").GetInt64());
        }
        Assert.Contains(run.Json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("then extrapolated", StringComparison.Ordinal));
    }

    [Fact]
    public void Sizes_and_architectures_are_read_from_the_files()
    {
        var run = fixture.Run;
        var artifact = run.Json.GetProperty("artifact");
        Assert.Equal(new FileInfo(Guests.Get("http-hello.wasm")).Length, artifact.GetProperty("wasmBytes").GetInt64());
        Assert.True(artifact.GetProperty("artifactBytes").GetInt64() > 0);
        var machine = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "aarch64" : "x86_64";
        Assert.Equal(machine, artifact.GetProperty("artifactArchitecture").GetString());
        Assert.Equal(machine, run.Row("Node (process)").GetProperty("architecture").GetString());
    }

    [Fact]
    public void Isolation_is_read_from_the_grants_and_the_container_config()
    {
        var facts = fixture.Run.Json.GetProperty("isolation").EnumerateArray()
            .Select(f => (Form: f.GetProperty("form").GetString(), Subject: f.GetProperty("subject").GetString(), Fact: f.GetProperty("fact").GetString()!)).ToList();
        // The WAT guest imports wasi:http and wasi:io only; capsule inspect reads them off the component.
        Assert.Contains(facts, f => f.Form == "wasm" && f.Subject == "syscalls" && f.Fact.Contains("wasi:http/types", StringComparison.Ordinal));
        Assert.Contains(facts, f => f.Form == "wasm" && f.Subject == "files" && f.Fact.StartsWith("none", StringComparison.Ordinal));
        if (BenchCompareFixture.ContainersRun)
        {
            // runc spec's defaults: no seccomp, a read-only rootfs (the bench's choice), the host's network (the bench's choice).
            Assert.Contains(facts, f => f.Form == "container" && f.Subject == "syscalls" && f.Fact.StartsWith("no seccomp", StringComparison.Ordinal));
            Assert.Contains(facts, f => f.Form == "container" && f.Subject == "files" && f.Fact.Contains("read-only", StringComparison.Ordinal));
            Assert.Contains(facts, f => f.Form == "container" && f.Subject == "network" && f.Fact.Contains("host's network", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_report_names_the_machine_kernel_versions_and_date()
    {
        var report = File.ReadAllText(fixture.App.Combine("report.md"));
        var cpu = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("model name", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        Assert.Contains(cpu, report);
        Assert.Contains(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), report);
        Assert.Contains(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), report);
        Assert.Contains(Output("node", "--version").Trim(), report);
        if (BenchCompareFixture.ContainersRun)
        {
            Assert.Contains(Output("runc", "--version").Split('\n')[0].Trim(), report);
        }
    }

    [Fact]
    public void Ratios_compare_each_wasm_start_with_every_other_row_by_the_medians_measured()
    {
        var run = fixture.Run;
        var report = File.ReadAllLines(fixture.App.Combine("report.md"));
        var ratios = report.SkipWhile(l => !l.StartsWith("## Ratios", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        var others = run.Json.GetProperty("rows").EnumerateArray().Count(r => r.GetProperty("form").GetString() != "wasm");
        Assert.Equal(2 * others, ratios.Count); // Capsule cold (cache warm) and Capsule warm, against each
        double Median(string row) => run.Row(row).GetProperty("firstResponseMs").GetProperty("median").GetDouble();
        var (mine, theirs) = (Median("Capsule warm (new instance per request)"), Median("Node (process)"));
        var line = Assert.Single(ratios, l => l.StartsWith("- Capsule warm (new instance per request) ", StringComparison.Ordinal) && l.Contains(" than Node (process) (", StringComparison.Ordinal));
        var factor = double.Parse(line.Split(' ').First(w => w.EndsWith('×')).TrimEnd('×'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Math.Max(mine, theirs) / Math.Min(mine, theirs), factor, 0.01);
        Assert.Contains(mine <= theirs ? "× faster than" : "× slower than", line);
    }

    [Fact]
    public void The_seed_table_has_every_figure_with_its_median_p90_and_count()
    {
        var report = File.ReadAllLines(fixture.App.Combine("report.md"));
        var glance = report.SkipWhile(l => !l.StartsWith("## At a glance", StringComparison.Ordinal)).Skip(4).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.Equal(["Startup time", "Isolation model", "Size", "Memory of one idle instance", "Density", "Portability"],
            glance.Select(l => l.Split("**")[1].Split(" (")[0]));
        // Measured figures: each "median (p90 X, n N)"; a side that ran says what it measured, never "not measured".
        foreach (var line in glance.Where(l => l.Contains("Startup", StringComparison.Ordinal) || l.Contains("Memory", StringComparison.Ordinal) || l.Contains("Density", StringComparison.Ordinal)))
        {
            var wasm = line.Split(" | ")[2];
            Assert.Contains(", n ", wasm);
            Assert.Contains("(p90 ", wasm);
            if (BenchCompareFixture.ContainersRun)
            {
                Assert.Contains("(p90 ", line.Split(" | ")[1]);
            }
        }
        Assert.Contains("linear memory 66 KB (p90 66 KB, n 3)", Assert.Single(glance, l => l.Contains("Memory of one idle instance", StringComparison.Ordinal)));
        Assert.DoesNotContain(glance, l => l.Contains("n/a", StringComparison.Ordinal) || l.Split(" | ")[2].Contains("not measured", StringComparison.Ordinal)
            || (BenchCompareFixture.ContainersRun && l.Contains("not measured", StringComparison.Ordinal)));
    }

    [Fact]
    public void Progress_counts_every_step_up_to_its_total_on_stderr()
    {
        var steps = fixture.Run.Stderr.Split('\n').Where(l => l.StartsWith("capsule: bench [", StringComparison.Ordinal))
            .Select(l => l["capsule: bench [".Length..l.IndexOf(']', StringComparison.Ordinal)].Split('/').Select(int.Parse).ToArray()).ToList();
        var rows = fixture.Run.Json.GetProperty("rows").GetArrayLength();
        Assert.True(steps.Count > rows * 3, $"{steps.Count} progress lines for {rows} rows of 3 runs");
        Assert.All(steps, s => Assert.InRange(s[0], 0, s[1]));
        Assert.Equal(steps.Select(s => s[0]).Order(), steps.Select(s => s[0]));
    }

    [Fact]
    public void Nothing_of_the_run_is_left_no_container_cgroup_mount_process_or_folder()
    {
        Assert.Equal(0, fixture.Run.ExitCode);
        var workspace = fixture.Run.Workspace;
        Assert.Empty(BenchLeftovers.Find(Path.GetFileName(workspace), workspace, fixture.App.Path));
    }

    [Fact]
    public void A_slower_server_and_a_larger_memory_move_their_figures_and_without_runc_one_line_says_so()
    {
        using var bin = new TempDir();
        // The user's own component: http-hello that grows its memory to 16 pages before it answers.
        using var app = new TempDir();
        File.WriteAllText(app.Combine("capsule.toml"), TestManifests.SingleComponent("grow", "http-grow.wasm"));
        var realNode = BenchCompareFixture.Which("node")!;
        File.WriteAllText(bin.Combine("node"), $"#!/bin/sh\n/bin/sleep 3\nexec {realNode} \"$@\"\n");
        File.SetUnixFileMode(bin.Combine("node"), UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(bin.Combine("busybox"), BenchCompareFixture.Which("busybox")!);
        var html = bin.Combine("report.html");
        var slow = BenchRun.Start(fixture.Cache.Path, ["bench", "compare", app.Path, "--runs", "3", "--json", "--report", html], path: bin.Path);
        Assert.True(slow.ExitCode == 0, slow.Stderr);
        // The HTML report: a log-scale bar per measured row in the startup chart and in the memory chart (there also the linear memory).
        var page = File.ReadAllText(html);
        var rows = slow.Json.GetProperty("rows").GetArrayLength();
        Assert.Equal(2, page.Split("<svg ").Length - 1);
        Assert.Equal((2 * rows) + 1, page.Split("<rect ").Length - 1);
        Assert.Contains("Capsule idle instance (one request, instance kept): linear memory</text>", page);
        Assert.Equal([1 << 20, 1 << 20, 1 << 20], BenchRun.Values(slow.Row(IdleRow), "linearMemoryBytes"));
        Assert.Equal(new FileInfo(Guests.Get("http-grow.wasm")).Length, slow.Json.GetProperty("artifact").GetProperty("wasmBytes").GetInt64());
        Assert.Contains("Node (process)</text>", page);
        Assert.Equal(["container rows skipped: no runc or crun on PATH (apt-get install runc)"],
            slow.Json.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).Where(n => n!.Contains("container", StringComparison.Ordinal)));
        Assert.DoesNotContain(slow.Json.GetProperty("rows").EnumerateArray(), r => r.GetProperty("form").GetString() == "container");
        var before = fixture.Run.Row("Node (process)").GetProperty("firstResponseMs").GetProperty("median").GetDouble();
        var after = slow.Row("Node (process)").GetProperty("firstResponseMs").GetProperty("median").GetDouble();
        Assert.True(after - before > 1500, $"Node (process): {before} ms, then {after} ms with a 3 s sleep before it (a loaded machine varies Node's start by a second or so between runs)");
    }

    private static string Output(string file, string arg)
    {
        using var process = Process.Start(new ProcessStartInfo(file, [arg]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }
}
