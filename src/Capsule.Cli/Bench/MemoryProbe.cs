using System.Text.Json.Nodes;

namespace Capsule.Cli.Bench;

/// <summary>Memory of a running server: a process tree's resident set, or a container's cgroup charge.</summary>
public static class MemoryProbe
{
    /// <summary>VmRSS of <paramref name="pid"/> and all its descendants, in bytes (0 when it is gone).</summary>
    public static long ResidentBytes(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var child) && ParentOf(child) is { } parent)
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(child);
            }
        }
        long total = 0;
        var pending = new Stack<int>([pid]);
        while (pending.Count > 0 && pending.Count < 10_000)
        {
            var next = pending.Pop();
            total += StatusKilobytes(next, "VmRSS:") * 1024;
            foreach (var child in children.GetValueOrDefault(next) ?? [])
            {
                pending.Push(child);
            }
        }
        return total;
    }

    /// <summary>
    /// The memory charged to the cgroup of container <paramref name="id"/>: memory.current (cgroup v2)
    /// or memory.usage_in_bytes (v1); null when it cannot be read.
    /// </summary>
    public static long? ContainerBytes(string runtime, string id)
    {
        var state = JsonNode.Parse(BenchWorkspace.RunToEnd(runtime, "state", id));
        var pid = (int?)state?["pid"];
        if (pid is null or 0)
        {
            return null;
        }
        var lines = File.ReadAllLines($"/proc/{pid}/cgroup");
        var v1 = lines.Select(l => l.Split(':', 3)).FirstOrDefault(f => f.Length == 3 && f[1].Split(',').Contains("memory"));
        var file = v1 is not null
            ? $"/sys/fs/cgroup/memory{v1[2]}/memory.usage_in_bytes"
            : lines.Select(l => l.Split(':', 3)).Where(f => f.Length == 3 && f[0] == "0").Select(f => $"/sys/fs/cgroup{f[2]}/memory.current").FirstOrDefault();
        return file is not null && File.Exists(file) && long.TryParse(File.ReadAllText(file).Trim(), out var bytes) ? bytes : null;
    }

    /// <summary>
    /// The linear memory of one instance alive in process <paramref name="pid"/>, in bytes, read from /proc/PID/maps.
    /// Wasmtime maps each memory's initial image (from the precompiled artifact, or a /memfd:wasm-memory-image) at the
    /// start of a pool slot and keeps exactly the memory's current size read-write from there (the rest of the slot is
    /// inaccessible), so an image mapping plus the read-write anonymous mappings right after it is one memory. Slots
    /// left by earlier (throwaway) instances keep their image at its initial size; memories only grow, so per image the
    /// largest slot is the live instance's. A memory with no data segments has no image and is not counted.
    /// </summary>
    public static long LinearMemoryBytes(int pid)
    {
        var largest = new Dictionary<string, long>(StringComparer.Ordinal);
        string? image = null;
        long size = 0;
        ulong end = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/maps").Append(""))
        {
            // "start-end perms offset dev inode [path]"
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var (from, to) = fields.Length >= 5 ? Range(fields[0]) : (0UL, 0UL);
            var path = fields.Length > 5 ? fields[5].Trim() : "";
            var readWrite = fields.Length >= 5 && fields[1].StartsWith("rw", StringComparison.Ordinal);
            if (image is not null && readWrite && path.Length == 0 && from == end)
            {
                (size, end) = (size + (long)(to - from), to);
                continue;
            }
            if (image is not null)
            {
                largest[image] = Math.Max(largest.GetValueOrDefault(image), size);
                image = null;
            }
            if (readWrite && (path.StartsWith("/memfd:wasm-memory-image", StringComparison.Ordinal) || path.EndsWith(".cwasm", StringComparison.Ordinal)))
            {
                (image, size, end) = ($"{fields[3]} {fields[4]} {fields[2]}", (long)(to - from), to);
            }
        }
        return largest.Values.Sum();
    }

    private static (ulong From, ulong To) Range(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return (Convert.ToUInt64(text[..dash], 16), Convert.ToUInt64(text[(dash + 1)..], 16));
    }

    /// <summary>The parent process id of <paramref name="pid"/>, or null when it is gone.</summary>
    public static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null; // gone meanwhile
        }
    }

    private static long StatusKilobytes(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            var fields = line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: >= 2 } && long.TryParse(fields[1], out var kb) ? kb : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
