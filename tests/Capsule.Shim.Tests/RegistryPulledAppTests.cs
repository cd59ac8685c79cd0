using System.Diagnostics;
using Capsule.Cli.Tests.Deploy;

namespace Capsule.Shim.Tests;

/// <summary>
/// An app pushed by <c>capsule registry push --container-image</c> to a local registry,
/// pulled by containerd (<c>ctr images pull</c>, which unpacks it) and run on the Capsule
/// runtime. Spin's artifact itself cannot be: containerd 1.6's unpacker wants one diff id
/// in the config per manifest layer and every layer a file-system tar ("mismatched image
/// rootfs and manifest layers"), so the container form is a plain image of the app as a
/// pull lays it out. Needs root, containerd and docker-registry (scripts/install-services.sh).
/// </summary>
[Collection(ShimCollection.Name)]
public sealed class RegistryPulledAppTests(InstalledShim shim) : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task An_app_pushed_by_capsule_registry_push_is_pulled_by_containerd_and_served_by_the_shim()
    {
        using var registry = new DockerRegistry();
        var app = WriteApp();
        var reference = $"{registry.Host}/apps/hello:v1";
        var pushed = Command.Run(Capsule, ["registry", "push", reference, app, "--container-image", "--insecure"], TimeSpan.FromMinutes(2));
        var digest = pushed.Split(' ', '\n').Single(w => w.StartsWith("sha256:", StringComparison.Ordinal));

        using var containerd = new Containerd(_temp.Combine("containerd"), shim.BinFolder);
        containerd.Ctr("images", "pull", "--plain-http", reference);
        // The index the push printed, listing both CPUs; containerd unpacked the one for this machine.
        var images = containerd.Ctr("images", "ls");
        Assert.Contains(digest, images);
        Assert.Contains("linux/amd64,linux/arm64", images);

        var port = ContainerdShimTests.FreePort();
        var id = "pulled-" + Guid.NewGuid().ToString("N")[..8];
        using var run = Process.Start(ContainerdShimTests.RunStart(containerd, reference, id, port))!;
        var stderr = run.StandardError.ReadToEndAsync();
        var stdout = run.StandardOutput.ReadToEndAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("hello from wat\n", await ContainerdShimTests.GetWhenServing(client, $"http://127.0.0.1:{port}/anything", run, stderr, containerd));

        containerd.Ctr("task", "kill", id);
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)), "ctr run did not end after ctr task kill");
        Assert.True(run.ExitCode == 0, $"ctr run exited {run.ExitCode}: {await stderr}\n{containerd.Log}");
        Assert.Contains("GET /anything 200", await stdout);
        ContainerdShimTests.AssertNothingLeft(containerd, id);
    }

    public void Dispose() => _temp.Dispose();

    // The capsule the solution's build made (same configuration as the tests), as InstalledShim finds the shim.
    private static string Capsule
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            return Path.Combine(Guests.RepoRoot, "src", "Capsule.Cli", "bin", tfm.Parent!.Name, tfm.Name, "capsule");
        }
    }

    private string WriteApp()
    {
        var app = _temp.Combine("hello");
        Directory.CreateDirectory(app);
        File.Copy(Guests.Get("http-hello.wasm"), Path.Combine(app, "hello.wasm"));
        File.WriteAllText(Path.Combine(app, "capsule.toml"), """
            [application]
            name = "hello"

            [[trigger.http]]
            route = "/..."
            component = "hello"

            [component.hello]
            source = "hello.wasm"
            """);
        return app;
    }
}
