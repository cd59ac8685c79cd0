namespace Capsule.Cli.Bench;

/// <summary>One row of the seed article's table, filled with this run's figures.</summary>
/// <param name="Feature">e.g. "Startup time".</param>
/// <param name="Containers">The container side.</param>
/// <param name="Wasm">The Wasm side.</param>
public sealed record SeedRow(string Feature, string Containers, string Wasm);

/// <summary>The seed's "Key Differentiators at a Glance", measured: startup, isolation, size, memory, portability.</summary>
public static class SeedTable
{
    /// <summary>The rows, from <paramref name="result"/>; "not measured" where a side was skipped.</summary>
    public static List<SeedRow> Rows(CompareResult result)
    {
        var containers = result.Rows.Where(r => r.Form == PeerForm.Container).ToList();
        var wasm = result.Rows.Where(r => r.Form == PeerForm.Wasm).ToList();
        var artifact = result.Artifact;
        return
        [
            new("Startup time (to first response: median, p90, n)",
                Each(containers, r => Figures.Time(r.FirstResponseMs)),
                Each(wasm.Where(r => r.Name != IdleInstanceMeter.Row), r => Figures.Time(r.FirstResponseMs))),
            new("Isolation model",
                Isolation(result, PeerForm.Container, "OS-level, shared kernel"),
                Isolation(result, PeerForm.Wasm, "sandboxed, deny-by-default")),
            new("Size",
                Each(containers.Where(r => r.SizeBytes is not null).DistinctBy(r => r.SizeBytes), r => $"{Figures.Bytes(r.SizeBytes!.Value)} {r.SizeWhat}"),
                $".wasm {Figures.Bytes(artifact.WasmBytes)}, precompiled {Figures.Bytes(artifact.ArtifactBytes)} (+ the capsule host {Figures.Bytes(artifact.HostBytes)}, shared by every app)"),
            new("Memory of one idle instance (median, p90, n)",
                Each(containers, r => $"{Figures.Memory(r.IdleBytes)} {r.MemoryWhat}"),
                Each(wasm.Where(r => r.LinearMemoryBytes is not null),
                    r => $"{Figures.Memory(r.IdleBytes)} {r.MemoryWhat}, linear memory {Figures.Memory(r.LinearMemoryBytes!)}")),
            new($"Density (in {Capsule.Runtime.Grants.ByteSize.Format(result.Density.FirstOrDefault()?.BudgetBytes ?? 0)}, extrapolated from a few at once)",
                Each(result.Density.Where(d => d.Form == PeerForm.Container), Fits),
                Each(result.Density.Where(d => d.Form == PeerForm.Wasm), Fits)),
            new("Portability",
                containers.Count == 0 ? "not measured"
                    : $"{string.Join(", ", containers.Select(r => r.Architecture).Distinct())} only (the binaries in each rootfs)",
                $".wasm: any CPU Wasmtime runs on; precompiled artifact: {artifact.ArtifactArchitecture ?? "n/a"} (rebuilt per host from the .wasm)"
                    + (result.Portability is { } p ? $"; {Portable(p)}" : "")),
        ];
    }

    /// <summary>The portability row's finding in words: the files' digests and whether both CPUs answered alike.</summary>
    public static string Portable(PortabilityResult p) =>
        $"the same {string.Join(", ", p.Digests)} {(p.Same ? "answered identically" : "answered DIFFERENTLY")} on {p.Here} and {p.There}"
        + $"{(p.Emulated ? " (qemu-user)" : "")} ({p.HereAnswers.Count} requests)";

    private static string Fits(DensityResult d) => $"{d.Fits:N0} (each {Figures.Memory(d.EachBytes)})";

    private static string Each<T>(IEnumerable<T> rows, Func<T, string> figure)
    {
        var parts = rows.Select(r => $"{Name(r)}: {figure(r)}").ToList();
        return parts.Count == 0 ? "not measured" : string.Join("; ", parts);
    }

    private static string Name<T>(T row) => row switch
    {
        PeerResult p => p.Name,
        DensityResult d => d.Name,
        _ => "",
    };

    private static string Isolation(CompareResult result, PeerForm form, string model)
    {
        var syscalls = result.Isolation.FirstOrDefault(f => f.Form == form && f.Subject == "syscalls");
        return syscalls is null ? "not measured" : $"{model}: {syscalls.Fact}";
    }
}
