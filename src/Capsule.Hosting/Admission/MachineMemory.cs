namespace Capsule.Hosting.Admission;

/// <summary>How much memory this process may use, for the default memory budget.</summary>
public static class MachineMemory
{
    /// <summary>
    /// Bytes this process may use: .NET's view (<c>GCMemoryInfo.TotalAvailableMemoryBytes</c>),
    /// which is the machine's physical memory, or the container's cgroup
    /// limit (<c>memory.max</c>) when one is set, or a configured GC heap hard
    /// limit; /proc/meminfo's MemTotal if .NET reports nothing.
    /// </summary>
    public static long AvailableBytes
    {
        get
        {
            var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            return available > 0 ? available : MemTotalFromProc() ?? 4L << 30;
        }
    }

    /// <summary>
    /// The default memory budget: half of <see cref="AvailableBytes"/>. The
    /// other half is for what admission does not count: the host's own heap,
    /// Kestrel's buffers, compiled code, the pool's resident slots and the
    /// page cache.
    /// </summary>
    public static long DefaultBudgetBytes => AvailableBytes / 2;

    private static long? MemTotalFromProc()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return long.TryParse(kib, out var value) ? value * 1024 : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
