using System.Diagnostics;

namespace Capsule.Shim.Tests;

/// <summary>
/// What the container's spec grants the pod's app, under a real containerd:
/// a folder mounted into the container (<c>ctr run --mount</c>) is readable by
/// the app at its destination, a file mount is said and left out, nothing
/// outside the mounts is reachable; the container's memory limit halved is the
/// memory budget (an instance reserving more than that fails the create naming
/// the memory budget). Needs root and containerd (scripts/install-services.sh).
/// </summary>
[Collection(ShimCollection.Name)]
public sealed class ContainerGrantsTests(InstalledShim shim) : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task A_folder_mounted_into_the_container_is_granted_to_the_app_at_its_destination()
    {
        using var containerd = new Containerd(_temp.Combine("containerd"), shim.BinFolder);
        var data = _temp.Combine("volume");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "hello.txt"), "from the volume\n");
        File.WriteAllText(_temp.Combine("single-file.txt"), "a file, not a folder\n");
        var image = ContainerdShimTests.Import(containerd, _temp, "grants", WagiApp("48MiB"));
        var port = ContainerdShimTests.FreePort();
        var id = "grants-" + Guid.NewGuid().ToString("N")[..8];

        // 256 MiB: a budget of 128 MiB holds an instance reserving 48 MiB.
        using var run = Process.Start(ContainerdShimTests.RunStart(containerd, image, id, port,
            "--mount", $"type=bind,src={data},dst=/data,options=rbind:ro",
            "--mount", $"type=bind,src={_temp.Combine("single-file.txt")},dst=/etc/single-file.txt,options=rbind:ro",
            "--memory-limit", (256L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("from the volume\n", await ContainerdShimTests.GetWhenServing(client, $"http://127.0.0.1:{port}/wagi/file", run, stderr, containerd));
        // The guest's "/data/../../etc/passwd" stays inside its grants.
        using var escape = await client.GetAsync($"http://127.0.0.1:{port}/wagi/escape");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, escape.StatusCode);

        containerd.Ctr("task", "kill", id);
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)), "ctr run did not end after ctr task kill");
        Assert.True(run.ExitCode == 0, $"ctr run exited {run.ExitCode}: {await stderr}\n{containerd.Log}");
        var output = await stdout + await stderr;
        Assert.True(output.Contains("mount /etc/single-file.txt: its source", StringComparison.Ordinal) && output.Contains("is not a folder", StringComparison.Ordinal),
            $"the file mount left out is not said: {output}\n{containerd.Log}");
        ContainerdShimTests.AssertNothingLeft(containerd, id);
    }

    [Fact]
    public void The_container_memory_limit_halved_is_the_memory_budget()
    {
        using var containerd = new Containerd(_temp.Combine("containerd"), shim.BinFolder);
        var image = ContainerdShimTests.Import(containerd, _temp, "budget", WagiApp("48MiB"));
        var id = "budget-" + Guid.NewGuid().ToString("N")[..8];

        // 64 MiB: a budget of 32 MiB, and one instance reserves 48 MiB.
        var (code, _, stderr) = containerd.TryCtr("run", "--rm", "--runtime", ContainerdShimTests.Runtime, "--net-host",
            "--env", $"CAPSULE_LISTEN=127.0.0.1:{ContainerdShimTests.FreePort()}", "--memory-limit", (64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), image, id);
        Assert.NotEqual(0, code);
        Assert.Contains("one instance does not fit: memory budget", stderr);
        Assert.Contains("32MiB", stderr); // half of 64 MiB, named as the budget
        containerd.TryCtr("container", "rm", id);
        ContainerdShimTests.AssertNothingLeft(containerd, id);
    }

    public void Dispose() => _temp.Dispose();

    // The C WAGI guest: /wagi/file reads /data/hello.txt, /wagi/escape /data/../../etc/passwd.
    private string WagiApp(string memory)
    {
        var app = _temp.Combine("app-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(app);
        File.Copy(Guests.Get("wagi.wasm"), Path.Combine(app, "wagi.wasm"));
        File.WriteAllText(Path.Combine(app, "capsule.toml"), $$"""
            [application]
            name = "grants"

            [[trigger.http]]
            route = "/wagi/..."
            component = "cgi"
            executor = { type = "wagi" }

            [component.cgi]
            source = "wagi.wasm"
            limits = { memory = "{{memory}}" }
            """);
        return app;
    }
}
