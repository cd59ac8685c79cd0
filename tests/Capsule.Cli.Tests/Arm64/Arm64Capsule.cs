using System.Diagnostics;

namespace Capsule.Cli.Tests.Arm64;

/// <summary>
/// capsule for linux-arm64 as scripts/publish-arm64.sh makes it (into
/// src/Capsule.Cli/bin/publish-linux-arm64, published once per change of the
/// sources), run on this x86-64 machine by qemu-user (Debian's
/// qemu-user-static, with the arm64 libc6 and libssl3 of dpkg's arm64
/// architecture; scripts/install-toolchains.sh installs them). A publish that
/// fails fails the tests with its output: nothing is skipped.
/// </summary>
public sealed class Arm64Capsule
{
    /// <summary>Debian's qemu-user binary for arm64.</summary>
    public const string Qemu = "qemu-aarch64-static";

    public Arm64Capsule()
    {
        var script = Path.Combine(Guests.RepoRoot, "scripts", "publish-arm64.sh");
        var start = new ProcessStartInfo(script, [Folder]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A first Native AOT cross publish takes many minutes on two busy cores; later runs find it up to date.
        if (!process.WaitForExit(TimeSpan.FromMinutes(45)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/publish-arm64.sh took over 45 minutes: {stderr.Result}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/publish-arm64.sh failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }
        PublishLog = stderr.Result;
    }

    /// <summary>Where the arm64 build is.</summary>
    public static string Folder { get; } = Path.Combine(Guests.RepoRoot, "src", "Capsule.Cli", "bin", "publish-linux-arm64");

    /// <summary>The arm64 capsule executable.</summary>
    public static string Executable => Path.Combine(Folder, "capsule");

    /// <summary>What the publish script said (native or ReadyToRun, or up to date).</summary>
    public string PublishLog { get; }

    /// <summary>Starts the arm64 <c>capsule</c> with <paramref name="args"/> under qemu, its cache in <paramref name="cacheDir"/>.</summary>
    public static RunningCapsule Start(string cacheDir, params string[] args) => Start(cacheDir, [], args);

    /// <summary>Starts the arm64 <c>capsule</c> under qemu with <paramref name="environment"/> added to its environment.</summary>
    public static RunningCapsule Start(string cacheDir, IEnumerable<(string Name, string Value)> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Qemu)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Executable }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CAPSULE_CACHE_DIR"] = cacheDir;
        // No arm64 ICU here (Debian's cross packages hold only the C and C++ runtimes); the container image runs invariant too.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        // The instance pool reserves terabytes of address space, more than qemu-user 7.2 can map (it records every page).
        start.Environment["CAPSULE_POOLING"] = "off";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return new RunningCapsule(Process.Start(start)!);
    }
}

[CollectionDefinition(Name)]
public sealed class Arm64Collection : ICollectionFixture<Arm64Capsule>
{
    public const string Name = "arm64 capsule under qemu";
}
