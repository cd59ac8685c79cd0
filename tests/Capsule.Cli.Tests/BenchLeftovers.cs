using System.Diagnostics;

namespace Capsule.Cli.Tests;

/// <summary>What a capsule bench run left behind: containers, cgroups, mounts, processes, its folder.</summary>
public static class BenchLeftovers
{
    /// <summary>
    /// Everything still carrying <paramref name="tag"/> (the bench's workspace name, in every container id,
    /// bundle and served path) or naming <paramref name="appFolder"/> (in every capsule up it started).
    /// </summary>
    public static List<string> Find(string tag, string workspace, string appFolder)
    {
        var found = new List<string>();
        if (Directory.Exists(workspace))
        {
            found.Add($"folder {workspace}");
        }
        foreach (var runtime in new[] { "runc", "crun" }.Where(r => BenchCompareFixture.Which(r) is not null))
        {
            var list = Process.Start(new ProcessStartInfo(runtime, ["list"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            found.AddRange(list.StandardOutput.ReadToEnd().Split('\n').Where(l => l.Contains(tag, StringComparison.Ordinal)).Select(l => $"{runtime} container {l}"));
            list.WaitForExit();
        }
        found.AddRange(File.ReadLines("/proc/mounts").Where(l => l.Contains(tag, StringComparison.Ordinal)).Select(l => $"mount {l}"));
        found.AddRange(CgroupsNamed(tag).Select(c => $"cgroup {c}"));
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(tag, StringComparison.Ordinal) || cmdline.Contains(appFolder, StringComparison.Ordinal))
                {
                    found.Add($"process {Path.GetFileName(folder)}: {cmdline}");
                }
            }
            catch (IOException)
            {
                // gone meanwhile
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

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
            catch (IOException)
            {
                continue;
            }
            foreach (var child in children)
            {
                if (Path.GetFileName(child).Contains(tag, StringComparison.Ordinal))
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
