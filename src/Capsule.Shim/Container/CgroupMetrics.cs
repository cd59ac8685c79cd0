using Capsule.Shim.Protocol.Cgroups;

namespace Capsule.Shim.Container;

/// <summary>
/// The task's resource figures for Stats, from the cgroups the shim process
/// (which runs the app) is in: cgroup v1's memory, cpuacct and pids
/// controllers, or cgroup v2's unified files. Missing files leave their figures at zero.
/// </summary>
internal static class CgroupMetrics
{
    /// <summary>The figures now, as containerd's cgroup v1 metrics message.</summary>
    public static Metrics Read()
    {
        var groups = ReadGroups();
        var metrics = new Metrics
        {
            Memory = new MemoryStat { Usage = new MemoryEntry() },
            Cpu = new CPUStat { Usage = new CPUUsage() },
            Pids = new PidsStat(),
        };
        if (groups.TryGetValue("memory", out var memory))
        {
            var folder = "/sys/fs/cgroup/memory" + memory;
            metrics.Memory.Usage.Usage = Number(folder, "memory.usage_in_bytes");
            metrics.Memory.Usage.Limit = Number(folder, "memory.limit_in_bytes");
            metrics.Memory.Usage.Max = Number(folder, "memory.max_usage_in_bytes");
            metrics.Memory.Usage.Failcnt = Number(folder, "memory.failcnt");
            var stat = Stat(folder, "memory.stat");
            metrics.Memory.Rss = stat.GetValueOrDefault("rss");
            metrics.Memory.Cache = stat.GetValueOrDefault("cache");
        }
        else if (groups.TryGetValue("", out var unified))
        {
            var folder = "/sys/fs/cgroup" + unified;
            metrics.Memory.Usage.Usage = Number(folder, "memory.current");
            metrics.Memory.Usage.Limit = Number(folder, "memory.max");
            var stat = Stat(folder, "memory.stat");
            metrics.Memory.Rss = stat.GetValueOrDefault("anon");
            metrics.Memory.Cache = stat.GetValueOrDefault("file");
            var cpu = Stat(folder, "cpu.stat");
            metrics.Cpu.Usage.Total = cpu.GetValueOrDefault("usage_usec") * 1000;
            metrics.Cpu.Usage.User = cpu.GetValueOrDefault("user_usec") * 1000;
            metrics.Cpu.Usage.Kernel = cpu.GetValueOrDefault("system_usec") * 1000;
            metrics.Pids.Current = Number(folder, "pids.current");
        }
        if (groups.TryGetValue("cpuacct", out var cpuacct))
        {
            metrics.Cpu.Usage.Total = Number("/sys/fs/cgroup/cpuacct" + cpuacct, "cpuacct.usage");
        }
        if (groups.TryGetValue("pids", out var pids))
        {
            metrics.Pids.Current = Number("/sys/fs/cgroup/pids" + pids, "pids.current");
        }
        return metrics;
    }

    // /proc/self/cgroup: "ID:controllers:/path" per hierarchy; v2's line has no controllers.
    private static Dictionary<string, string> ReadGroups()
    {
        var groups = new Dictionary<string, string>();
        foreach (var line in File.Exists("/proc/self/cgroup") ? File.ReadAllLines("/proc/self/cgroup") : [])
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3)
            {
                foreach (var controller in parts[1].Split(','))
                {
                    groups.TryAdd(controller, parts[2] == "/" ? "" : parts[2]);
                }
            }
        }
        return groups;
    }

    private static ulong Number(string folder, string file)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(folder, file)).Trim();
            return ulong.TryParse(text, out var value) ? value : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static Dictionary<string, ulong> Stat(string folder, string file)
    {
        var values = new Dictionary<string, ulong>();
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(folder, file)))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && ulong.TryParse(parts[1], out var value))
                {
                    values[parts[0]] = value;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return values;
    }
}
