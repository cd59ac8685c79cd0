using System.Text.Json.Nodes;

namespace Capsule.Cli.Bench;

/// <summary>
/// An OCI bundle the bench builds itself (no image, no Docker): a rootfs holding one
/// host binary with the shared libraries ldd names, plus files, and a config.json from
/// <c>runc spec</c> made non-interactive, read-only and on the host's network.
/// </summary>
public sealed class OciBundle
{
    private readonly JsonNode _config;

    private OciBundle(string folder, JsonNode config)
    {
        Folder = folder;
        _config = config;
    }

    /// <summary>The bundle folder (config.json and rootfs/).</summary>
    public string Folder { get; }

    /// <summary>The root filesystem folder.</summary>
    public string Rootfs => Path.Combine(Folder, "rootfs");

    /// <summary>The config.json as written for the last start.</summary>
    public JsonNode Config => _config;

    /// <summary>
    /// Builds a bundle in <paramref name="folder"/> holding <paramref name="binary"/> (at its own path)
    /// with its libraries, and <paramref name="files"/> (rootfs path → content).
    /// </summary>
    public static OciBundle Build(string folder, string runtime, string binary, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(Path.Combine(folder, "rootfs"));
        foreach (var path in LibrariesOf(binary).Prepend(binary))
        {
            var target = Path.Combine(folder, "rootfs", path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target, overwrite: true); // follows symlinks: the rootfs holds the files themselves
        }
        foreach (var (path, content) in files)
        {
            var target = Path.Combine(folder, "rootfs", path.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, content);
        }
        BenchWorkspace.RunToEnd(runtime, "spec", "--bundle", folder);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        config["process"]!["terminal"] = false;
        config["root"]!["path"] = "rootfs";
        config["root"]!["readonly"] = true;
        // The host's network: the server listens on a port of the host's loopback, as the plain process does.
        var namespaces = config["linux"]!["namespaces"]!.AsArray();
        foreach (var network in namespaces.Where(n => (string?)n?["type"] == "network").ToList())
        {
            namespaces.Remove(network);
        }
        return new OciBundle(folder, config);
    }

    /// <summary>Writes config.json with <paramref name="args"/> as the container's command.</summary>
    public void SetArgs(IEnumerable<string> args)
    {
        _config["process"]!["args"] = new JsonArray([.. args.Select(a => (JsonNode)JsonValue.Create(a))]);
        File.WriteAllText(Path.Combine(Folder, "config.json"), _config.ToJsonString());
    }

    /// <summary>Bytes of every file in the rootfs.</summary>
    public long RootfsBytes => new DirectoryInfo(Rootfs).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    // ldd prints "\tlibx.so => /lib/libx.so (0x...)" and "\t/lib64/ld-linux-x86-64.so.2 (0x...)"; a static binary, nothing to copy.
    private static IEnumerable<string> LibrariesOf(string binary)
    {
        if (ElfFile.Read(binary).IsStatic)
        {
            return [];
        }
        var listing = BenchWorkspace.RunToEnd("ldd", binary);
        return listing.Split('\n')
            .SelectMany(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(word => word.StartsWith('/') && File.Exists(word))
            .Distinct();
    }
}
