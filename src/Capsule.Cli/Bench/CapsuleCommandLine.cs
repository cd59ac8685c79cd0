using System.Diagnostics;

namespace Capsule.Cli.Bench;

/// <summary>How to start this very capsule again as a child process (natively compiled, or under dotnet).</summary>
/// <param name="File">The executable.</param>
/// <param name="Prefix">Arguments before the command's own (the capsule.dll under dotnet).</param>
public sealed record CapsuleCommandLine(string File, IReadOnlyList<string> Prefix)
{
    /// <summary>The running capsule: its own executable, or dotnet with capsule.dll beside this assembly.</summary>
    public static CapsuleCommandLine Current()
    {
        var self = Environment.ProcessPath ?? throw new BenchException("cannot tell which executable runs capsule");
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new(self, [Path.Combine(AppContext.BaseDirectory, "capsule.dll")])
            : new(self, []);
    }

    /// <summary>A start of capsule with <paramref name="args"/>, its artifact cache in <paramref name="cacheDir"/>.</summary>
    public ProcessStartInfo StartInfo(string cacheDir, params string[] args)
    {
        var start = new ProcessStartInfo(File);
        foreach (var arg in Prefix.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CAPSULE_CACHE_DIR"] = cacheDir;
        return start;
    }
}
