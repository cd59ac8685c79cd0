using System.Diagnostics;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>Runs a command-line tool (umoci, skopeo, runc, a script) to its end, bounded in time.</summary>
public static class Tool
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>; returns stdout, throws with stderr on failure or time-out.</summary>
    public static string Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var line = $"{file} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {line}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{line} took longer than {timeout.TotalSeconds} s: {stderr.Result}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{line} failed ({process.ExitCode}): {stderr.Result.Trim()}");
        }
        return stdout.Result;
    }

    /// <summary>Runs a tool expected to finish within 2 minutes.</summary>
    public static string Run(string file, params string[] args) => Run(file, args, TimeSpan.FromMinutes(2));

    /// <summary>Whether <paramref name="file"/> is on PATH.</summary>
    public static bool OnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, file)));
}
