using System.Diagnostics;

namespace Capsule.Cli.Bench;

/// <summary>Builds the rows to measure: Capsule cold (cache warm and cold), containers per runtime, plain processes.</summary>
public static class PeerCatalog
{
    /// <summary>The cache capsule up shares across the warm-cache starts.</summary>
    public static string WarmCache(BenchWorkspace workspace) => Path.Combine(workspace.Folder, "cache");

    /// <summary>The rows, in the order measured; building container bundles as needed.</summary>
    public static List<Peer> Build(CompareSetup setup, ContainerSupport containers, BenchWorkspace workspace)
    {
        var wasmBytes = setup.ComponentSources.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        var peers = new List<Peer>
        {
            new("Capsule cold (cache warm)", PeerForm.Wasm, port => new PeerLaunch(port, CapsuleUp(setup, WarmCache(workspace), port)))
            {
                SizeWhat = ".wasm", SizeBytes = wasmBytes, Architecture = "any (Wasm)",
            },
            new("Capsule cold (cache cold)", PeerForm.Wasm,
                port => new PeerLaunch(port, CapsuleUp(setup, workspace.NewFolder($"cache-cold-{port}"), port)), CompareSetup.ColdCacheRuns)
            {
                Timeout = ColdStartMeter.CompileTimeout,
            },
        };
        var www = workspace.NewFolder("www");
        File.WriteAllText(Path.Combine(www, "index.html"), ServedFiles.IndexHtml);
        var js = workspace.NewFolder("js");
        File.WriteAllText(Path.Combine(js, "server.js"), ServedFiles.NodeServer);
        File.WriteAllText(Path.Combine(js, "handler.js"), ServedFiles.HelloHandler);
        if (containers.Missing is null)
        {
            var spec = containers.Runtimes[0];
            var busybox = OciBundle.Build(workspace.NewFolder("bundle-busybox"), spec, setup.Busybox!,
                new Dictionary<string, string> { ["/www/index.html"] = ServedFiles.IndexHtml });
            var node = !IsElf(setup.Node) ? null : OciBundle.Build(workspace.NewFolder("bundle-node"), spec, setup.Node!,
                new Dictionary<string, string> { ["/server.js"] = ServedFiles.NodeServer, ["/handler.js"] = ServedFiles.HelloHandler });
            foreach (var runtime in containers.Runtimes)
            {
                var name = Path.GetFileName(runtime);
                peers.Add(Container($"{name} + busybox httpd", runtime, busybox, workspace, setup.Busybox!,
                    port => [setup.Busybox!, "httpd", "-f", "-p", $"127.0.0.1:{port}", "-h", "/www"]));
                if (node is not null)
                {
                    peers.Add(Container($"{name} + Node", runtime, node, workspace, setup.Node!,
                        port => [setup.Node!, "/server.js", $"{port}", "/handler.js"]));
                }
            }
        }
        if (setup.Busybox is not null)
        {
            peers.Add(Plain("busybox httpd (process)", setup.Busybox, port => ["httpd", "-f", "-p", $"127.0.0.1:{port}", "-h", www]));
        }
        if (setup.Node is not null)
        {
            peers.Add(Plain("Node (process)", setup.Node, port => [Path.Combine(js, "server.js"), $"{port}", Path.Combine(js, "handler.js")]));
        }
        return peers;
    }

    /// <summary>Whether <paramref name="binary"/> is an ELF executable (a script cannot be put in a rootfs without its interpreter).</summary>
    public static bool IsElf(string? binary) => binary is not null && ElfFile.Read(binary).Architecture is not null;

    /// <summary>capsule up of the app on 127.0.0.1:<paramref name="port"/>.</summary>
    public static ProcessStartInfo CapsuleUp(CompareSetup setup, string cache, int port, bool build = false) =>
        setup.Capsule.StartInfo(cache, [.. new[] { "up", setup.AppLocation, "--listen", $"127.0.0.1:{port}" }.Concat(build ? ["--build"] : [])]);

    private static Peer Container(string name, string runtime, OciBundle bundle, BenchWorkspace workspace, string binary, Func<int, string[]> args) =>
        new(name, PeerForm.Container, port =>
        {
            bundle.SetArgs(args(port));
            var id = workspace.NewContainerId(runtime);
            var start = new ProcessStartInfo(runtime) { ArgumentList = { "run", "--bundle", bundle.Folder, id } };
            return new PeerLaunch(port, start, runtime, id);
        })
        {
            SizeWhat = "rootfs",
            SizeBytes = bundle.RootfsBytes,
            Architecture = ElfFile.Read(binary).Architecture,
            Runtime = runtime,
        };

    private static Peer Plain(string name, string binary, Func<int, string[]> args) =>
        new(name, PeerForm.Process, port =>
        {
            var start = new ProcessStartInfo(binary);
            foreach (var arg in args(port))
            {
                start.ArgumentList.Add(arg);
            }
            return new PeerLaunch(port, start);
        })
        {
            Architecture = ElfFile.Read(binary).Architecture,
        };
}
