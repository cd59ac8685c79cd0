using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Capsule.Cli.Bench;

/// <summary>
/// Runs the comparison: every row started anew per sample, rows alternated sample by sample
/// (so that load from elsewhere hits all alike), then Capsule warm (a new instance per request
/// in one running host). Every loop is bounded by the run count and each wait by a timeout.
/// </summary>
public sealed class CompareRun(CompareSetup setup, BenchWorkspace workspace, Action<string, int, int> progress)
{
    /// <summary>The row of requests to a running capsule up.</summary>
    public const string WarmRow = "Capsule warm (new instance per request)";

    private int _done;
    private int _total;

    /// <summary>Measures everything; <paramref name="wasmFacts"/> are the Wasm side's isolation facts, read from its manifest.</summary>
    public CompareResult Run(IReadOnlyList<IsolationFact> wasmFacts, CancellationToken cancellation)
    {
        var containers = ContainerSupport.Detect(setup.Busybox);
        var machine = MachineInfo.Read(new Dictionary<string, string?>
        {
            ["runc"] = containers.Runtimes.FirstOrDefault(r => r.EndsWith("/runc", StringComparison.Ordinal)),
            ["crun"] = containers.Runtimes.FirstOrDefault(r => r.EndsWith("/crun", StringComparison.Ordinal)),
            ["busybox"] = setup.Busybox,
            ["node"] = setup.Node,
        });
        var notes = new List<string>();
        if (containers.Missing is not null)
        {
            notes.Add($"container rows skipped: {containers.Missing}");
        }
        if (setup.Node is null)
        {
            notes.Add("Node rows skipped: no node on PATH");
        }
        else if (containers.Missing is null && !PeerCatalog.IsElf(setup.Node))
        {
            notes.Add($"Node container rows skipped: {setup.Node} is not an ELF executable");
        }

        Step("building the container bundles");
        var peers = PeerCatalog.Build(setup, containers, workspace);
        _total = peers.Count + peers.Sum(p => Math.Min(setup.Runs, p.MaxRuns ?? setup.Runs)) + (2 * setup.Runs) + 1;
        var warmCache = PeerCatalog.WarmCache(workspace);
        Step(setup.NeedsBuild ? "building and compiling the app (unmeasured)" : "compiling the app into the cache (unmeasured)");
        var port = FirstResponseProbe.FreePort();
        ColdStartMeter.WarmUp(new PeerLaunch(port, PeerCatalog.CapsuleUp(setup, warmCache, port, setup.NeedsBuild)), "capsule up", workspace, cancellation);
        foreach (var peer in peers.Where(p => p.MaxRuns is null).ToList())
        {
            if (!peers.Contains(peer))
            {
                continue; // its runtime failed on another row
            }
            Step($"first start of {peer.Name} (unmeasured)");
            try
            {
                ColdStartMeter.Measure(peer, workspace, cancellation);
            }
            catch (BenchException e) when (peer.Runtime is not null)
            {
                // A runtime that cannot run here (crun on a hybrid cgroup host): its rows go, the rest is measured.
                var name = Path.GetFileName(peer.Runtime);
                notes.Add($"{name} rows skipped: {name} failed here: {e.Message.Split('\n')[^1].Trim()}");
                peers.RemoveAll(p => p.Runtime == peer.Runtime);
            }
        }
        var crowded = peers.Where(p => p.MaxRuns is null && p.Form != PeerForm.Wasm && (p.Runtime is null || p.Runtime == peers.First(q => q.Runtime is not null).Runtime)).ToList();
        // Every cold start, the warm requests, the idle-instance hosts, each density step.
        _total = _done + peers.Sum(p => Math.Min(setup.Runs, p.MaxRuns ?? setup.Runs)) + setup.Runs + setup.Runs + crowded.Count + 1 + (setup.OtherCapsule is null ? 0 : 1);

        var samples = peers.ToDictionary(p => p, _ => (Ms: new List<double>(), Bytes: new List<double>()));
        for (var run = 0; run < setup.Runs; run++)
        {
            foreach (var peer in peers.Where(p => run < (p.MaxRuns ?? setup.Runs)))
            {
                Step($"{peer.Name}: start {run + 1} of {Math.Min(setup.Runs, peer.MaxRuns ?? setup.Runs)}");
                var (ms, bytes) = ColdStartMeter.Measure(peer, workspace, cancellation);
                samples[peer].Ms.Add(ms);
                if (bytes is not null)
                {
                    samples[peer].Bytes.Add(bytes.Value);
                }
            }
        }
        var rows = peers.Select(p => new PeerResult(p.Name, p.Form, new(samples[p].Ms), new(samples[p].Bytes),
            p.Form == PeerForm.Container ? "cgroup memory" : "RSS", p.SizeWhat, p.SizeBytes, p.Architecture)).ToList();
        rows.Insert(2, MeasureWarm(warmCache, cancellation));
        rows.Insert(3, new IdleInstanceMeter(setup, workspace, Step).Measure(cancellation));

        var density = new DensityMeter(setup, workspace, setup.DensityBudgetBytes);
        Step($"density: {DensityMeter.Count} components in one capsule host");
        var densities = new List<DensityResult> { density.MeasureCapsule(cancellation) };
        foreach (var peer in crowded)
        {
            Step($"density: {DensityMeter.Count} of {peer.Name} at once");
            densities.Add(density.Measure(peer, cancellation));
        }
        notes.Add($"density: {DensityMeter.Count} of each measured running at once, then extrapolated to the {Capsule.Runtime.Grants.ByteSize.Format(setup.DensityBudgetBytes)} budget");

        var artifact = ArtifactOf(warmCache);
        var isolation = new List<IsolationFact>(wasmFacts) { WasmImports() };
        if (containers.Missing is null)
        {
            isolation.AddRange(ContainerIsolation.Read(JsonNode.Parse(File.ReadAllText(Path.Combine(workspace.Folder, "bundle-busybox", "config.json")))!));
        }
        PortabilityResult? portability = null;
        if (setup.OtherCapsule is { } other)
        {
            Step($"portability: the app served by {other}");
            portability = new PortabilityProbe(setup, workspace).Measure(other, cancellation);
        }
        return new CompareResult(machine, rows, artifact, isolation, densities, notes, portability);
    }

    private void Step(string what) => progress(what, Math.Min(_done++, _total), _total);

    // One capsule up; each sample is one request on a new connection, answered by a new instance.
    private PeerResult MeasureWarm(string cache, CancellationToken cancellation)
    {
        var port = FirstResponseProbe.FreePort();
        var server = workspace.Start(PeerCatalog.CapsuleUp(setup, cache, port));
        try
        {
            FirstResponseProbe.WaitFor(port, Stopwatch.StartNew(), server.Process, ColdStartMeter.FirstResponseTimeout, cancellation);
            var ms = new List<double>();
            var bytes = new List<double>();
            for (var i = 0; i < setup.Runs; i++)
            {
                Step($"{WarmRow}: request {i + 1} of {setup.Runs}");
                cancellation.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                if (!FirstResponseProbe.TryOnce(port))
                {
                    throw new BenchException($"{WarmRow}: a request got no 200; capsule's last output:\n{server.LastLines}");
                }
                ms.Add(clock.Elapsed.TotalMilliseconds);
                bytes.Add(MemoryProbe.ResidentBytes(server.Process.Id));
            }
            return new PeerResult(WarmRow, PeerForm.Wasm, new(ms), new(bytes), "RSS of the host", null, null, null);
        }
        finally
        {
            workspace.Stop(server);
        }
    }

    private WasmArtifact ArtifactOf(string cache)
    {
        var files = Directory.Exists(cache) ? new DirectoryInfo(cache).GetFiles("*", SearchOption.AllDirectories) : [];
        var largest = files.OrderByDescending(f => f.Length).FirstOrDefault();
        var host = new FileInfo(setup.Capsule.Prefix.Count > 0 ? setup.Capsule.Prefix[0] : setup.Capsule.File);
        return new WasmArtifact(
            setup.ComponentSources.Where(File.Exists).Sum(f => new FileInfo(f).Length),
            files.Sum(f => f.Length),
            largest is null ? null : ElfFile.Read(largest.FullName).Architecture,
            host.Exists ? host.Length : 0);
    }

    // What the component can call: its imports, as capsule inspect reads them.
    private IsolationFact WasmImports()
    {
        var interfaces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in setup.ComponentSources.Where(File.Exists))
        {
            var start = setup.Capsule.StartInfo(PeerCatalog.WarmCache(workspace), "inspect", "--json", source);
            var json = BenchWorkspace.RunToEnd(start);
            foreach (var import in JsonNode.Parse(json)?["imports"]?.AsArray() ?? [])
            {
                var name = (string?)import?["name"];
                if (name is not null)
                {
                    interfaces.Add(name.Split('@')[0]);
                }
            }
        }
        return new IsolationFact(PeerForm.Wasm, "syscalls",
            $"none: it can call only the {interfaces.Count} host interfaces it imports ({string.Join(", ", interfaces)})");
    }
}
