using System.Diagnostics;
using System.Text.Json;

namespace Capsule.Cli.Tests;

/// <summary>One finished <c>capsule bench compare</c>: its output, its JSON, and the workspace it named.</summary>
public sealed record BenchRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Runs capsule with <paramref name="args"/> (bounded: 5 minutes), PATH replaced when <paramref name="path"/> is given.</summary>
    public static BenchRun Start(string cacheDir, string[] args, string? path = null)
    {
        var start = CapsuleProcess.StartInfo(cacheDir, args);
        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }
        return Run(start);
    }

    /// <summary>Runs <paramref name="start"/> to its end (bounded: 5 minutes).</summary>
    public static BenchRun Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in 5 minutes");
        }
        return new BenchRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The stdout as JSON (for --json runs).</summary>
    public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

    /// <summary>The workspace folder the run said it worked in.</summary>
    public string Workspace => WorkspaceOf(Stderr);

    /// <summary>The workspace folder named in a "working in" line of <paramref name="output"/>.</summary>
    public static string WorkspaceOf(string output)
    {
        var line = output.Split('\n').First(l => l.Contains("bench: working in ", StringComparison.Ordinal));
        return line[(line.IndexOf("working in ", StringComparison.Ordinal) + "working in ".Length)..line.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>The JSON row named <paramref name="name"/>.</summary>
    public JsonElement Row(string name) => Json.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    /// <summary>The samples of a figure of a row: firstResponseMs or idleBytes.</summary>
    public static double[] Values(JsonElement row, string figure) =>
        [.. row.GetProperty(figure).GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];
}
