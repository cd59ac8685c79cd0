using System.Text;

namespace Capsule.Cli.Bench;

/// <summary>The run as a Markdown report: machine and versions, the seed's table, every row's figures, isolation, method.</summary>
public static class MarkdownReport
{
    /// <summary>The report text.</summary>
    public static string Write(CompareResult result)
    {
        var m = result.Machine;
        var text = new StringBuilder();
        text.AppendLine($"# capsule bench compare, {m.Date:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine($"- machine: {m.Cpu}, {m.Cores} cores, {Figures.Bytes(m.MemoryBytes)} RAM, load {m.Load} at the start");
        text.AppendLine($"- system: {m.Os}, Linux {m.Kernel}");
        text.AppendLine($"- versions: {string.Join(", ", m.Versions.Select(v => $"{v.Key} {v.Value}"))}");
        foreach (var note in result.Notes)
        {
            text.AppendLine($"- note: {note}");
        }
        text.AppendLine().AppendLine("## At a glance (the seed article's table, measured)").AppendLine();
        text.AppendLine("| Feature | Containers | WebAssembly (Capsule) |").AppendLine("| :--- | :--- | :--- |");
        foreach (var row in SeedTable.Rows(result))
        {
            text.AppendLine($"| **{row.Feature}** | {Cell(row.Containers)} | {Cell(row.Wasm)} |");
        }
        text.AppendLine().AppendLine("## Every row").AppendLine();
        text.AppendLine("| row | first response median | p90 | n | idle memory median | p90 | n | linear memory (median, p90, n) | size | architecture |");
        text.AppendLine("| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :--- | :--- |");
        foreach (var r in result.Rows)
        {
            text.AppendLine($"| {r.Name} | {Figures.Ms(r.FirstResponseMs.Median)} | {Figures.Ms(r.FirstResponseMs.P90)} | {r.FirstResponseMs.Count} "
                + $"| {Figures.Bytes(r.IdleBytes.Median)} ({r.MemoryWhat}) | {Figures.Bytes(r.IdleBytes.P90)} | {r.IdleBytes.Count} "
                + $"| {(r.LinearMemoryBytes is null ? "" : Figures.Memory(r.LinearMemoryBytes))} "
                + $"| {(r.SizeBytes is null ? "" : $"{Figures.Bytes(r.SizeBytes.Value)} {r.SizeWhat}")} | {r.Architecture ?? ""} |");
        }
        text.AppendLine().AppendLine("## Ratios (medians of this run)").AppendLine();
        foreach (var line in Comparisons.Lines(result))
        {
            text.AppendLine($"- {line}");
        }
        text.AppendLine().AppendLine("## Density (measured running at once, then extrapolated to the budget)").AppendLine();
        text.AppendLine("| form | measured | each (median) | p90 | n | shared base | fit in budget (extrapolated) |").AppendLine("| :--- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var d in result.Density)
        {
            text.AppendLine($"| {d.Name} | {(d.Form == PeerForm.Wasm ? $"1 and {DensityMeter.Count} in one host" : $"{DensityMeter.Count} at once")} "
                + $"| {Figures.Bytes(d.EachBytes.Median)} | {Figures.Bytes(d.EachBytes.P90)} | {d.EachBytes.Count} | {Figures.Bytes(d.BaseBytes)} "
                + $"| {d.Fits:N0} in {Capsule.Runtime.Grants.ByteSize.Format(d.BudgetBytes)} |");
        }
        text.AppendLine().AppendLine("## Isolation (read from the configuration each was started with)").AppendLine();
        text.AppendLine("| | what | allowed |").AppendLine("| :--- | :--- | :--- |");
        foreach (var fact in result.Isolation)
        {
            text.AppendLine($"| {fact.Form} | {fact.Subject} | {Cell(fact.Fact)} |");
        }
        if (result.Portability is { } portability)
        {
            text.AppendLine().AppendLine("## Portability (the same files on two CPUs)").AppendLine();
            text.AppendLine($"- {SeedTable.Portable(portability)}");
            for (var i = 0; i < portability.HereAnswers.Count; i++)
            {
                text.AppendLine($"- {portability.Here}: `{Cell(portability.HereAnswers[i]).ReplaceLineEndings(" ")}`; {portability.There}: `{Cell(portability.ThereAnswers[i]).ReplaceLineEndings(" ")}`");
            }
        }
        text.AppendLine().AppendLine("## Method").AppendLine();
        text.AppendLine(Method);
        return text.ToString();
    }

    /// <summary>How the figures were taken, for every report.</summary>
    public const string Method =
        "Every cold row starts its server anew for each sample, rows alternated sample by sample; the clock starts just before "
        + "the process is started and stops at the first `HTTP/1.1 200` to `GET /` on a new connection, polled every 1 ms. "
        + "Each row is started once unmeasured first (Capsule's artifact cache warm; the cache-cold row uses an empty cache per start). "
        + "Capsule warm: one running `capsule up`, each sample one request on a new connection (a new instance per request). "
        + "Idle memory is read 100 ms after the first response: the container's cgroup charge (memory.current, or memory.usage_in_bytes on cgroup v1), "
        + "else the resident set of the process and its children. Containers are OCI bundles built by the bench (the host's binary and the "
        + "libraries ldd names; no image, no Docker), read-only rootfs, on the host's network. Node serves the same JavaScript as the "
        + "example component (examples/hello-js/handler.js); APP replaces only the Capsule side. "
        + "Capsule idle instance: per sample a new `capsule up` of the app's first component with instance reuse on (so that the instance "
        + "stays, idle, after its request); the host's resident set is read once it listens and again 100 ms after the one request was "
        + "answered (the difference: RSS added), and the instance's linear memory is read from /proc/PID/maps (each memory Wasmtime "
        + "maps from its initial image plus the read-write bytes after it: the memory's current size). "
        + "Density: 5 of each started at once, each one's memory read "
        + "(Capsule: one host serving the app's component once, then 5 times, 4 such pairs; each added component costs the difference / 4), "
        + "then (budget − shared base) / median, an extrapolation. On a shared machine quote ratios from one run, not absolute figures.";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
