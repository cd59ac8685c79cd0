using System.Net;
using System.Net.Sockets;

namespace Capsule.Shim.Tests;

/// <summary>
/// containerd-shim-capsule-v1 under a real containerd (its own root, state and
/// socket): an image holding only an app, imported with ctr and run on the
/// runtime io.containerd.capsule.v1 on the host's network, answers over HTTP,
/// reports its cgroup's figures, stops gracefully on `ctr task kill` with exit
/// status 0, and leaves no shim process, socket or mount behind.
/// Needs root and containerd (scripts/install-services.sh).
/// </summary>
[Collection(ShimCollection.Name)]
public sealed class ContainerdShimTests(InstalledShim shim) : IDisposable
{
    internal const string Runtime = "io.containerd.capsule.v1";
    private readonly TempDir _temp = new();

    [Fact]
    public async Task A_wasm_app_image_runs_as_a_task_answers_http_and_exits_0_on_kill_leaving_nothing_behind()
    {
        using var containerd = new Containerd(_temp.Combine("containerd"), shim.BinFolder);
        var image = ImportApp(containerd, "hello", "http-hello.wasm");
        var port = FreePort();
        var id = "hello-" + Guid.NewGuid().ToString("N")[..8];

        // Not detached: ctr run's exit code is the task's exit status; --rm deletes the container after it.
        using var run = System.Diagnostics.Process.Start(RunStart(containerd, image, id, port))!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var body = await GetWhenServing(client, $"http://127.0.0.1:{port}/anything", run, stderr, containerd);
        Assert.Equal("hello from wat\n", body);

        var tasks = containerd.Ctr("task", "ls");
        Assert.Matches($@"{id}\s+\d+\s+RUNNING", tasks);
        var metrics = containerd.Ctr("task", "metrics", id);
        Assert.Matches(@"memory\.usage_in_bytes\s+[1-9]\d*", metrics);

        containerd.Ctr("task", "kill", id);
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)), "ctr run did not end after ctr task kill");
        Assert.True(run.ExitCode == 0, $"ctr run exited {run.ExitCode}: {await stderr}\n{containerd.Log}");
        Assert.Contains("GET /anything 200", await stdout); // the serving log reached ctr through containerd's stdout fifo

        AssertNothingLeft(containerd, id);
    }

    [Fact]
    public void An_app_naming_a_missing_component_fails_at_create_naming_the_file_and_leaves_nothing_behind()
    {
        using var containerd = new Containerd(_temp.Combine("containerd"), shim.BinFolder);
        var app = _temp.Combine("broken");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "capsule.toml"), """
            [application]
            name = "broken"

            [[trigger.http]]
            route = "/..."
            component = "broken"

            [component.broken]
            source = "missing.wasm"
            """);
        var image = Import(containerd, _temp, "broken", app);
        var id = "broken-" + Guid.NewGuid().ToString("N")[..8];

        var (code, _, stderr) = containerd.TryCtr("run", "--rm", "--runtime", Runtime, "--net-host", image, id);
        Assert.NotEqual(0, code);
        Assert.Contains("missing.wasm", stderr);
        containerd.TryCtr("container", "rm", id);
        AssertNothingLeft(containerd, id);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary><c>ctr run --rm</c> of <paramref name="image"/> on the Capsule runtime, listening on <paramref name="port"/>, with <paramref name="flags"/> before the image.</summary>
    internal static System.Diagnostics.ProcessStartInfo RunStart(Containerd containerd, string image, string id, int port, params string[] flags)
    {
        var start = new System.Diagnostics.ProcessStartInfo("ctr") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-a", containerd.Socket, "run", "--rm", "--runtime", Runtime, "--net-host", "--env", $"CAPSULE_LISTEN=127.0.0.1:{port}", .. flags, image, id])
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    private string ImportApp(Containerd containerd, string name, string guest)
    {
        var app = _temp.Combine(name);
        Directory.CreateDirectory(app);
        File.Copy(Guests.Get(guest), Path.Combine(app, guest));
        File.WriteAllText(Path.Combine(app, "capsule.toml"), $"""
            [application]
            name = "{name}"

            [[trigger.http]]
            route = "/..."
            component = "{name}"

            [component.{name}]
            source = "{guest}"
            """);
        return Import(containerd, _temp, name, app);
    }

    /// <summary>Builds an image of the app folder <paramref name="app"/> and imports it; its reference.</summary>
    internal static string Import(Containerd containerd, TempDir temp, string name, string app)
    {
        var reference = $"docker.io/capsule-test/{name}:latest";
        var archive = temp.Combine(name + ".tar");
        Command.Run(Path.Combine(Guests.RepoRoot, "scripts", "build-app-image.sh"), [app, reference, "--archive", archive], TimeSpan.FromMinutes(2));
        containerd.Ctr("images", "import", archive);
        return reference;
    }

    /// <summary>GETs <paramref name="url"/> once the task serves (retrying while it starts); fails naming ctr's and containerd's output.</summary>
    internal static async Task<string> GetWhenServing(HttpClient client, string url, System.Diagnostics.Process run, Task<string> stderr, Containerd containerd)
    {
        // Create compiles the component (cached after the first run): allow for a busy machine.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                return await client.GetStringAsync(url);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !run.HasExited)
            {
                await Task.Delay(200);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"the app never answered ({e.Message}); ctr run: {(run.HasExited ? await stderr : "running")}\n{containerd.Log}");
            }
        }
    }

    /// <summary>No shim process, mount, container or bundle of task <paramref name="id"/> is left.</summary>
    internal static void AssertNothingLeft(Containerd containerd, string id)
    {
        // containerd reaps the shim after Delete and Shutdown: allow it a moment.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (ShimProcesses(id).Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
        }
        Assert.Empty(ShimProcesses(id));
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(containerd.Folder, StringComparison.Ordinal)).ToList();
        Assert.Empty(mounts);
        Assert.DoesNotContain(id, containerd.Ctr("containers", "ls"));
        var bundles = Path.Combine(containerd.State, "io.containerd.runtime.v2.task", "default");
        Assert.False(Directory.Exists(Path.Combine(bundles, id)), "the task's bundle is still there");
    }

    private static List<int> ShimProcesses(string id) =>
        [.. Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => int.TryParse(n, out _)).Where(pid =>
        {
            try
            {
                var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                return cmdline.Length > 0 && cmdline[0].EndsWith("containerd-shim-capsule-v1", StringComparison.Ordinal) && cmdline.Contains(id);
            }
            catch (IOException)
            {
                return false;
            }
        }).Select(int.Parse)];

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
