using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// An image run with plain runc: unpacked by umoci into a bundle, its config.json
/// made read-only and host-networked with the given mounts, started in the
/// foreground; on dispose the container is killed and deleted and the bundle removed.
/// </summary>
public sealed class RuncContainer : IDisposable
{
    private readonly string _bundle;
    private readonly Process _runc;
    private readonly List<string> _output = [];

    private RuncContainer(string id, string bundle, JsonNode config, Process runc)
    {
        Id = id;
        _bundle = bundle;
        Config = config;
        _runc = runc;
        _runc.OutputDataReceived += (_, e) => Keep(e.Data);
        _runc.ErrorDataReceived += (_, e) => Keep(e.Data);
        _runc.BeginOutputReadLine();
        _runc.BeginErrorReadLine();
    }

    public string Id { get; }

    /// <summary>The config.json umoci made from the image, before this class changed it.</summary>
    public JsonNode Config { get; }

    /// <summary>What the container printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>
    /// Unpacks <paramref name="layout"/>:<paramref name="tag"/> into <paramref name="bundle"/> and starts it as
    /// <paramref name="id"/>, its args changed by <paramref name="args"/> and <paramref name="mounts"/> added.
    /// </summary>
    public static RuncContainer Start(string id, string layout, string tag, string bundle, Func<JsonArray, JsonArray> args, params JsonObject[] mounts) =>
        Start(id, layout, tag, bundle, args, [], mounts);

    /// <summary>As the other overload, with <paramref name="environment"/> (NAME=VALUE) added to the image's.</summary>
    public static RuncContainer Start(string id, string layout, string tag, string bundle, Func<JsonArray, JsonArray> args, IEnumerable<string> environment, params JsonObject[] mounts) =>
        Start(id, layout, tag, bundle, args, environment, _ => { }, mounts);

    /// <summary>As the other overloads, with <paramref name="prepare"/> given the unpacked root file system before the start.</summary>
    public static RuncContainer Start(string id, string layout, string tag, string bundle, Func<JsonArray, JsonArray> args, IEnumerable<string> environment, Action<string> prepare, params JsonObject[] mounts)
    {
        Tool.Run("umoci", "unpack", "--image", $"{layout}:{tag}", bundle);
        prepare(Path.Combine(bundle, "rootfs"));
        var path = Path.Combine(bundle, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        var original = config.DeepClone();
        config["process"]!["terminal"] = false;
        config["process"]!["args"] = args(config["process"]!["args"]!.AsArray());
        config["root"]!["readonly"] = true;
        foreach (var variable in environment)
        {
            (config["process"]!["env"] ??= new JsonArray()).AsArray().Add(variable);
        }
        // The host's network: the test reaches the server on the host's loopback.
        var namespaces = config["linux"]!["namespaces"]!.AsArray();
        foreach (var network in namespaces.Where(n => (string?)n?["type"] == "network").ToList())
        {
            namespaces.Remove(network);
        }
        foreach (var mount in mounts)
        {
            config["mounts"]!.AsArray().Add(mount);
        }
        File.WriteAllText(path, config.ToJsonString());
        var start = new ProcessStartInfo("runc", ["run", "--bundle", bundle, id])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        return new RuncContainer(id, bundle, original, Process.Start(start)!);
    }

    /// <summary>A bind mount of a host folder, read-only.</summary>
    public static JsonObject ReadOnlyBind(string source, string destination) => new()
    {
        ["destination"] = destination,
        ["type"] = "bind",
        ["source"] = source,
        ["options"] = new JsonArray("rbind", "ro", "nosuid", "nodev"),
    };

    /// <summary>
    /// A writable tmpfs: by default root's and open to all (0777), as a Kubernetes
    /// emptyDir is; a container user's own folder with <paramref name="uid"/> and 0700.
    /// </summary>
    public static JsonObject Tmpfs(string destination, int uid = 0, string mode = "0777") => new()
    {
        ["destination"] = destination,
        ["type"] = "tmpfs",
        ["source"] = "tmpfs",
        ["options"] = new JsonArray("nosuid", "nodev", $"mode={mode}", $"uid={uid}", $"gid={uid}", "size=512m"),
    };

    /// <summary>The container's first process, as the host sees it (runc state).</summary>
    public int Pid => (int)JsonNode.Parse(Tool.Run("runc", "state", Id))!["pid"]!;

    /// <summary>Whether runc still runs the container.</summary>
    public bool HasExited => _runc.HasExited;

    /// <summary>Kills the container at once (SIGKILL, as a crash or an OOM kill would) and waits until runc has ended.</summary>
    public void Kill()
    {
        Tool.Run("runc", "kill", Id, "KILL");
        _runc.WaitForExit(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        try
        {
            Tool.Run("runc", "kill", Id, "KILL");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        if (!_runc.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            _runc.Kill(entireProcessTree: true);
        }
        try
        {
            Tool.Run("runc", "delete", "--force", Id);
        }
        catch (InvalidOperationException)
        {
            // runc run deletes its container when it ends.
        }
        _runc.Dispose();
        Directory.Delete(_bundle, recursive: true);
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
