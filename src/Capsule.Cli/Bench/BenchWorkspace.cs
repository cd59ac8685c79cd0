using System.Diagnostics;

namespace Capsule.Cli.Bench;

/// <summary>
/// The bench's temporary folder and everything it started: servers, containers.
/// Disposing stops every one of them (also after Ctrl-C: the command disposes it in a finally),
/// deletes the containers (their cgroups and mounts go with them) and removes the folder.
/// </summary>
public sealed class BenchWorkspace : IDisposable
{
    private readonly List<ServerProcess> _servers = [];
    private readonly List<(string Runtime, string Id)> _containers = [];
    private readonly HashSet<string> _runtimesUsed = [];
    private int _next;

    /// <summary>Creates an empty folder under the system's temporary folder.</summary>
    public BenchWorkspace()
    {
        Folder = Directory.CreateTempSubdirectory("capsule-bench-").FullName;
        Tag = Path.GetFileName(Folder);
    }

    /// <summary>The folder holding bundles, caches and apps of this run.</summary>
    public string Folder { get; }

    /// <summary>Names every container of this run (capsule-bench-XXXX-N), so that leftovers are recognisable.</summary>
    public string Tag { get; }

    /// <summary>A new folder inside <see cref="Folder"/>.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;

    /// <summary>A container id not used before in this run, registered for deletion.</summary>
    public string NewContainerId(string runtime)
    {
        var id = $"{Tag}-{Interlocked.Increment(ref _next)}";
        lock (_containers)
        {
            _containers.Add((runtime, id));
            _runtimesUsed.Add(runtime);
        }
        return id;
    }

    /// <summary>Starts a server, registered to be stopped on disposal.</summary>
    public ServerProcess Start(ProcessStartInfo start)
    {
        var server = ServerProcess.Start(start);
        lock (_servers)
        {
            _servers.Add(server);
        }
        return server;
    }

    /// <summary>Stops one server (and deletes its container, if any) now.</summary>
    public void Stop(ServerProcess server, string? containerRuntime = null, string? containerId = null)
    {
        // The runtime first (with the container's processes, its children), then the container:
        // deleting first can race a container still being created.
        server.Dispose();
        lock (_servers)
        {
            _servers.Remove(server);
        }
        if (containerId is not null)
        {
            DeleteContainer(containerRuntime!, containerId);
            lock (_containers)
            {
                _containers.Remove((containerRuntime!, containerId));
            }
        }
    }

    /// <summary>Runs a short command to its end (bounded), returning its stdout; throws on failure.</summary>
    public static string RunToEnd(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return RunToEnd(start);
    }

    /// <summary>Runs <paramref name="start"/> to its end (bounded), returning its stdout; throws on failure.</summary>
    public static string RunToEnd(ProcessStartInfo start)
    {
        (start.RedirectStandardOutput, start.RedirectStandardError, start.UseShellExecute) = (true, true, false);
        var (file, args) = (start.FileName, start.ArgumentList);
        using var process = Process.Start(start) ?? throw new BenchException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new BenchException($"{file} {string.Join(' ', args)} took longer than 30 s");
        }
        if (process.ExitCode != 0)
        {
            throw new BenchException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result.Trim()}");
        }
        return stdout.Result;
    }

    private static void DeleteContainer(string runtime, string id)
    {
        try
        {
            RunToEnd(runtime, "delete", "--force", id);
        }
        catch (BenchException)
        {
            // Never created, or already gone: nothing left to delete.
        }
    }

    /// <summary>Stops every server, deletes every container (and any its runtime lost track of), removes the folder.</summary>
    public void Dispose()
    {
        ServerProcess[] servers;
        lock (_servers)
        {
            servers = [.. _servers];
            _servers.Clear();
        }
        foreach (var server in servers)
        {
            server.Dispose();
        }
        (string Runtime, string Id)[] containers;
        lock (_containers)
        {
            containers = [.. _containers];
            _containers.Clear();
        }
        foreach (var (runtime, id) in containers)
        {
            DeleteContainer(runtime, id);
        }
        if (_runtimesUsed.Count > 0)
        {
            ContainerSweep.Run(_runtimesUsed, Tag + "-");
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A read-only or busy leftover: the temporary folder's cleaner takes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
