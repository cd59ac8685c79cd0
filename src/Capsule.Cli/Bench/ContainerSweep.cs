namespace Capsule.Cli.Bench;

/// <summary>
/// The last line of cleanup: containers and cgroups carrying a run's tag that were lost track of
/// (a runtime killed mid-create can leave a stopped container, or a cgroup without a container).
/// </summary>
public static class ContainerSweep
{
    /// <summary>Deletes every container of <paramref name="runtimes"/> whose id starts with <paramref name="tag"/>, then their cgroups.</summary>
    public static void Run(IEnumerable<string> runtimes, string tag)
    {
        foreach (var runtime in runtimes)
        {
            string listing;
            try
            {
                listing = BenchWorkspace.RunToEnd(runtime, "list", "--quiet");
            }
            catch (BenchException)
            {
                continue; // no state folder yet: it never ran a container
            }
            foreach (var id in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(i => i.StartsWith(tag, StringComparison.Ordinal)))
            {
                try
                {
                    BenchWorkspace.RunToEnd(runtime, "delete", "--force", id);
                }
                catch (BenchException)
                {
                    // Gone meanwhile.
                }
            }
        }
        foreach (var cgroup in CgroupsNamed(tag))
        {
            try
            {
                Directory.Delete(cgroup); // rmdir: a cgroup with no processes left goes
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    // runc places a container's cgroups at <hierarchy>/<its own cgroup>/<id>: a few levels down at most.
    private static IEnumerable<string> CgroupsNamed(string tag)
    {
        var pending = new Queue<(string Path, int Depth)>([("/sys/fs/cgroup", 0)]);
        while (pending.Count > 0)
        {
            var (path, depth) = pending.Dequeue();
            string[] children;
            try
            {
                children = Directory.GetDirectories(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var child in children)
            {
                if (Path.GetFileName(child).StartsWith(tag, StringComparison.Ordinal))
                {
                    yield return child;
                }
                else if (depth < 5)
                {
                    pending.Enqueue((child, depth + 1));
                }
            }
        }
    }
}
