using System.Text.Json;
using System.Text.Json.Serialization;
using Capsule.Cli.Bench;
using Spectre.Console;

namespace Capsule.Cli.Commands.Bench;

/// <summary>Prints a comparison: the seed's table, every row, the ratios (or JSON); writes the report file.</summary>
internal static class CompareOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter<PeerForm>(JsonNamingPolicy.KebabCaseLower) },
        TypeInfoResolver = CompareJson.Default,
    };

    public static void Write(CompareResult result, bool json, string? report)
    {
        if (report is not null)
        {
            File.WriteAllText(report, report.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? HtmlReport.Write(result) : MarkdownReport.Write(result));
        }
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, JsonOptions.GetTypeInfo(typeof(CompareResult))));
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var m = result.Machine;
        // Plain lines, not Spectre markup: a note or ratio stays one line however narrow the terminal (Spectre wraps at its width).
        Console.Out.WriteLine($"{m.Date:yyyy-MM-dd HH:mm} UTC, {m.Cpu}, {m.Cores} cores, Linux {m.Kernel}, load {m.Load}");
        Console.Out.WriteLine($"versions: {string.Join(", ", m.Versions.Select(v => $"{v.Key} {v.Value}"))}");
        foreach (var note in result.Notes)
        {
            Console.Out.WriteLine(note);
        }
        var glance = new Table().Title("WebAssembly vs containers, measured here").AddColumns("Feature", "Containers", "WebAssembly (Capsule)");
        foreach (var row in SeedTable.Rows(result))
        {
            glance.AddRow(Markup.Escape(row.Feature), Markup.Escape(row.Containers), Markup.Escape(row.Wasm));
        }
        console.Write(glance);
        var rows = new Table().Title("Every row (median, p90, n)").AddColumns("Row", "First response", "Idle memory", "Linear memory", "Size", "Architecture");
        foreach (var r in result.Rows)
        {
            rows.AddRow(Markup.Escape(r.Name), Markup.Escape(Figures.Time(r.FirstResponseMs)), Markup.Escape($"{Figures.Memory(r.IdleBytes)} {r.MemoryWhat}"),
                Markup.Escape(r.LinearMemoryBytes is null ? "" : Figures.Memory(r.LinearMemoryBytes)),
                Markup.Escape(r.SizeBytes is null ? "" : $"{Figures.Bytes(r.SizeBytes.Value)} {r.SizeWhat}"), Markup.Escape(r.Architecture ?? ""));
        }
        console.Write(rows);
        foreach (var line in Comparisons.Lines(result))
        {
            Console.Out.WriteLine(line);
        }
        if (report is not null)
        {
            Console.Out.WriteLine($"report: {report}");
        }
    }
}

/// <summary>The JSON contract of <c>capsule bench compare --json</c>, generated at build time.</summary>
[JsonSerializable(typeof(CompareResult))]
internal sealed partial class CompareJson : JsonSerializerContext;
