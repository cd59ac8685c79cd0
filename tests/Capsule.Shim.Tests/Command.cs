using System.Diagnostics;

namespace Capsule.Shim.Tests;

/// <summary>Runs a command-line tool (ctr, a script) to its end, bounded in time.</summary>
public static class Command
{
    /// <summary>The exit code, stdout and stderr of <paramref name="file"/> run with <paramref name="args"/>.</summary>
    public static (int Code, string Stdout, string Stderr) Try(string file, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
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
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Stdout of <paramref name="file"/>; a failure throws with its stderr.</summary>
    public static string Run(string file, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? env = null)
    {
        var (code, stdout, stderr) = Try(file, args, timeout, env);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}): {stderr.Trim()} {stdout.Trim()}");
        }
        return stdout;
    }
}
