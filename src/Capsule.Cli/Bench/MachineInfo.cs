using System.Runtime.InteropServices;

namespace Capsule.Cli.Bench;

/// <summary>The machine, kernel, versions and date a run is reported with.</summary>
/// <param name="Date">UTC start of the run.</param>
/// <param name="Cpu">The CPU model.</param>
/// <param name="Cores">Logical CPUs.</param>
/// <param name="MemoryBytes">RAM.</param>
/// <param name="Kernel">uname -r.</param>
/// <param name="Os">The distribution's PRETTY_NAME.</param>
/// <param name="Load">The 1/5/15-minute load averages when the run started.</param>
/// <param name="Versions">Each tool measured and its version.</param>
public sealed record MachineInfo(DateTime Date, string Cpu, int Cores, long MemoryBytes, string Kernel, string Os, string Load, IReadOnlyDictionary<string, string> Versions)
{
    /// <summary>Reads /proc and asks each tool for its version.</summary>
    public static MachineInfo Read(IReadOnlyDictionary<string, string?> tools)
    {
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["capsule"] = typeof(MachineInfo).Assembly.GetName().Version?.ToString() ?? "unknown",
            ["runtime"] = RuntimeInformation.FrameworkDescription,
        };
        foreach (var (name, path) in tools)
        {
            if (path is not null)
            {
                versions[name] = VersionOf(path);
            }
        }
        return new(
            DateTime.UtcNow,
            Field("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            (long.TryParse(Field("/proc/meminfo", "MemTotal")?.Split(' ')[0], out var kb) ? kb : 0) * 1024,
            Read("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription,
            Field("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
            string.Join(' ', (Read("/proc/loadavg") ?? "").Split(' ').Take(3)),
            versions);
    }

    // runc and crun print "runc version 1.1.5..." first; node prints "v20.1.0"; busybox "BusyBox v1.35.0 ...".
    private static string VersionOf(string path)
    {
        try
        {
            var args = Path.GetFileName(path) == "busybox" ? Array.Empty<string>() : ["--version"];
            var output = BenchWorkspace.RunToEnd(path, args);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Replace(" multi-call binary.", "", StringComparison.Ordinal).Trim() ?? "unknown";
        }
        catch (BenchException e)
        {
            // busybox with no applet exits 1 after printing its banner to stdout; keep what it said.
            var banner = e.Message.Split('\n').FirstOrDefault(l => l.Contains("BusyBox v", StringComparison.Ordinal));
            return banner?.Trim() ?? "unknown";
        }
    }

    private static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    private static string? Field(string path, string key, char separator = ':') =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(separator) + 1)..].Trim()).FirstOrDefault()
            : null;
}
