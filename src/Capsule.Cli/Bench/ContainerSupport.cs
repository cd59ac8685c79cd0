namespace Capsule.Cli.Bench;

/// <summary>Whether containers can be started here, and with which runtimes (runc, crun).</summary>
/// <param name="Runtimes">Absolute paths of the OCI runtimes found on PATH; empty when containers cannot run.</param>
/// <param name="Missing">Why container rows are skipped (one line), or null.</param>
public sealed record ContainerSupport(IReadOnlyList<string> Runtimes, string? Missing)
{
    /// <summary>Looks for root, runc/crun and a static busybox.</summary>
    public static ContainerSupport Detect(string? busybox)
    {
        string[] runtimes = [.. new[] { "runc", "crun" }.Select(OnPath).OfType<string>()];
        if (runtimes.Length == 0)
        {
            return new([], "no runc or crun on PATH (apt-get install runc)");
        }
        if (!IsRoot())
        {
            return new([], $"{Path.GetFileName(runtimes[0])} needs root here (run capsule bench as root)");
        }
        if (busybox is null)
        {
            return new(runtimes, "no busybox on PATH (apt-get install busybox-static)");
        }
        return new(runtimes, null);
    }

    /// <summary>The absolute path of <paramref name="name"/> found on PATH, or null.</summary>
    public static string? OnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    // The effective uid is the second field of Uid: in /proc/self/status.
    private static bool IsRoot()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 3 } && fields[2] == "0";
    }
}
