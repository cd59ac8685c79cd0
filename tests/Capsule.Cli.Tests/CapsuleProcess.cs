using System.Diagnostics;

namespace Capsule.Cli.Tests;

/// <summary>What a finished <c>capsule</c> process left behind.</summary>
public sealed record CapsuleResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the real <c>capsule</c> command (the built Capsule.Cli, under
/// <c>dotnet</c>, or CAPSULE_TEST_EXE) as a child process: exit codes, stdout and stderr are
/// observed exactly as a user's shell would see them.
/// </summary>
public static class CapsuleProcess
{
    private static readonly string CapsuleDll = Path.Combine(AppContext.BaseDirectory, "capsule.dll");

    /// <summary>
    /// CAPSULE_TEST_EXE runs these tests against another build of capsule, e.g.
    /// the native one scripts/capsule publishes (src/Capsule.Cli/bin/publish/capsule).
    /// </summary>
    private static readonly string? OtherExecutable = Environment.GetEnvironmentVariable("CAPSULE_TEST_EXE");

    public static CapsuleResult Run(string cacheDir, params string[] args) => Run(StartInfo(cacheDir, args));

    /// <summary>Runs capsule as <paramref name="start"/> says (made by <see cref="StartInfo"/>, then changed) to its end.</summary>
    public static CapsuleResult Run(ProcessStartInfo start)
    {
        var args = start.ArgumentList;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"capsule {string.Join(' ', args)} did not finish in 120 s");
        }
        return new CapsuleResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts a long-running capsule (e.g. up) whose output lines can be awaited.</summary>
    public static RunningCapsule Start(string cacheDir, params string[] args) => new(Process.Start(StartInfo(cacheDir, args))!);

    /// <summary>How to start capsule with <paramref name="args"/>, every stream redirected, its cache in <paramref name="cacheDir"/>.</summary>
    public static ProcessStartInfo StartInfo(string cacheDir, string[] args)
    {
        var start = new ProcessStartInfo(OtherExecutable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (OtherExecutable is null)
        {
            start.ArgumentList.Add(CapsuleDll);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CAPSULE_CACHE_DIR"] = cacheDir;
        return start;
    }
}
