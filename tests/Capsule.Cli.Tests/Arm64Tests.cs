using System.Diagnostics;

namespace Capsule.Cli.Tests;

/// <summary>
/// The linux-arm64 capsule (scripts/publish-arm64.sh: Native AOT cross-compiled,
/// or ReadyToRun) run on this x86-64 machine under qemu-user, serving the same
/// .wasm apps as the x64 capsule with the same responses. Needs qemu-user-static
/// and the arm64 libraries (scripts/install-toolchains.sh). Slow: Wasmtime
/// compiles each component under emulation (the JS one takes minutes).
/// </summary>
public sealed class Arm64Tests(Arm64Capsule arm64) : IClassFixture<Arm64Capsule>, IDisposable
{
    private readonly TempDir _temp = new();

    [Theory]
    [InlineData("http-hello.wasm")]
    [InlineData("hello-js.component.wasm")]
    public async Task The_arm64_build_under_qemu_serves_an_app_with_the_same_responses_as_x64(string guest)
    {
        var app = _temp.Combine("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "capsule.toml"), TestManifests.SingleComponent("portable", guest));

        using var x64 = await ServedCapsule.Start(_temp.Combine("cache-x64"), app, "portable");
        var start = new ProcessStartInfo("qemu-aarch64-static")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-L", "/usr/aarch64-linux-gnu", arm64.Executable, "up", app, "--listen", "127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CAPSULE_CACHE_DIR"] = _temp.Combine("cache-arm64");
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using var onArm = await ServedCapsule.Attach(new RunningCapsule(Process.Start(start)!), "portable", TimeSpan.FromMinutes(12));
        onArm.Client.Timeout = TimeSpan.FromMinutes(2);

        foreach (var path in new[] { "/", "/some/path?x=1" })
        {
            using var expected = await x64.Client.GetAsync(path);
            using var actual = await onArm.Client.GetAsync(path);
            Assert.Equal(expected.StatusCode, actual.StatusCode);
            Assert.Equal(await expected.Content.ReadAsStringAsync(), await actual.Content.ReadAsStringAsync());
            Assert.Equal(expected.Content.Headers.ContentType?.ToString(), actual.Content.Headers.ContentType?.ToString());
        }
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>capsule for linux-arm64, published once per test run by scripts/publish-arm64.sh.</summary>
public sealed class Arm64Capsule
{
    public Arm64Capsule()
    {
        var folder = Path.Combine(Guests.RepoRoot, "src", "Capsule.Cli", "bin", "publish-linux-arm64");
        var script = Path.Combine(Guests.RepoRoot, "scripts", "publish-arm64.sh");
        using var publish = Process.Start(new ProcessStartInfo(script, [folder]) { RedirectStandardError = true, UseShellExecute = false })!;
        var stderr = publish.StandardError.ReadToEndAsync();
        if (!publish.WaitForExit(TimeSpan.FromMinutes(30)) || publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/publish-arm64.sh failed: {stderr.Result}");
        }
        Executable = Path.Combine(folder, "capsule");
        // An ELF for AArch64 (e_machine 183): what runs under qemu is the arm64 build, not the host's.
        var header = new byte[20];
        using (var file = File.OpenRead(Executable))
        {
            file.ReadExactly(header);
        }
        Assert.Equal(183, BitConverter.ToUInt16(header, 18));
    }

    public string Executable { get; }
}
