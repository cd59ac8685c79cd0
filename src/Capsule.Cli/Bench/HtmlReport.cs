using System.Net;
using System.Text;

namespace Capsule.Cli.Bench;

/// <summary>The run as an HTML page: the Markdown report's tables, with log-scale bars (inline SVG) for startup and memory.</summary>
public static class HtmlReport
{
    /// <summary>The page.</summary>
    public static string Write(CompareResult result)
    {
        var html = new StringBuilder();
        html.AppendLine("<!doctype html><meta charset=\"utf-8\"><title>capsule bench compare</title>");
        html.AppendLine("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td,th{border:1px solid #ccc;padding:.3em}table{border-collapse:collapse}</style>");
        html.AppendLine($"<h1>capsule bench compare, {result.Machine.Date:yyyy-MM-dd HH:mm} UTC</h1>");
        html.AppendLine($"<p>{E(result.Machine.Cpu)}, {result.Machine.Cores} cores, Linux {E(result.Machine.Kernel)}, {E(result.Machine.Os)}; "
            + $"{E(string.Join(", ", result.Machine.Versions.Select(v => $"{v.Key} {v.Value}")))}</p>");
        foreach (var note in result.Notes)
        {
            html.AppendLine($"<p><b>note:</b> {E(note)}</p>");
        }
        html.AppendLine("<h2>Time to first response (median, log scale)</h2>");
        Bars(html, result.Rows.Where(r => r.FirstResponseMs.Count > 0).Select(r => (r.Name, r.FirstResponseMs.Median, Figures.Ms(r.FirstResponseMs.Median))), Figures.Ms);
        html.AppendLine("<h2>Idle memory (median, log scale)</h2>");
        Bars(html, result.Rows.Where(r => r.IdleBytes.Count > 0).Select(r => (r.Name, r.IdleBytes.Median, $"{Figures.Bytes(r.IdleBytes.Median)} {r.MemoryWhat}"))
            .Concat(result.Rows.Where(r => r.LinearMemoryBytes is { Count: > 0 })
                .Select(r => ($"{r.Name}: linear memory", r.LinearMemoryBytes!.Median, Figures.Bytes(r.LinearMemoryBytes.Median)))), Figures.Bytes);
        html.AppendLine("<h2>At a glance</h2><table><tr><th>Feature</th><th>Containers</th><th>WebAssembly (Capsule)</th></tr>");
        foreach (var row in SeedTable.Rows(result))
        {
            html.AppendLine($"<tr><td><b>{E(row.Feature)}</b></td><td>{E(row.Containers)}</td><td>{E(row.Wasm)}</td></tr>");
        }
        html.AppendLine("</table><h2>Isolation</h2><table>");
        foreach (var fact in result.Isolation)
        {
            html.AppendLine($"<tr><td>{fact.Form}</td><td>{E(fact.Subject)}</td><td>{E(fact.Fact)}</td></tr>");
        }
        html.AppendLine("</table><h2>Ratios</h2><ul>");
        foreach (var line in Comparisons.Lines(result))
        {
            html.AppendLine($"<li>{E(line)}</li>");
        }
        html.AppendLine($"</ul><h2>Method</h2><p>{E(MarkdownReport.Method)}</p>");
        return html.ToString();
    }

    // One bar per row, its length log10 of the value over the decades the values span; a labelled line at each decade.
    private static void Bars(StringBuilder html, IEnumerable<(string Name, double Value, string Label)> items, Func<double, string> tick)
    {
        var list = items.Where(i => i.Value > 0).ToList();
        if (list.Count == 0)
        {
            return;
        }
        var low = Math.Floor(Math.Log10(list.Min(i => i.Value)));
        var high = Math.Ceiling(Math.Log10(list.Max(i => i.Value)));
        var span = Math.Max(high - low, 1);
        const int labelWidth = 300, barWidth = 400, rowHeight = 22;
        html.AppendLine($"<svg width=\"{labelWidth + barWidth + 160}\" height=\"{list.Count * rowHeight + 30}\" font-size=\"13\">");
        for (var decade = low; decade <= low + span; decade++)
        {
            var x = labelWidth + ((decade - low + 0.05) / (span + 0.05) * barWidth);
            html.AppendLine(FormattableString.Invariant(
                $"<line x1=\"{x:0}\" y1=\"0\" x2=\"{x:0}\" y2=\"{list.Count * rowHeight + 8}\" stroke=\"#ddd\"/><text x=\"{x:0}\" y=\"{list.Count * rowHeight + 24}\" text-anchor=\"middle\" fill=\"#666\">{E(tick(Math.Pow(10, decade)))}</text>"));
        }
        for (var i = 0; i < list.Count; i++)
        {
            var (name, value, label) = list[i];
            var width = Math.Max(2, (Math.Log10(value) - low + 0.05) / (span + 0.05) * barWidth);
            var y = i * rowHeight + 5;
            html.AppendLine(FormattableString.Invariant(
                $"<text x=\"0\" y=\"{y + 15}\">{E(name)}</text><rect x=\"{labelWidth}\" y=\"{y}\" width=\"{width:0}\" height=\"18\" fill=\"#4a7fb5\"/><text x=\"{labelWidth + width + 5:0}\" y=\"{y + 15}\">{E(label)}</text>"));
        }
        html.AppendLine("</svg>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
