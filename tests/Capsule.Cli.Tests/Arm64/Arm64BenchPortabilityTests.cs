namespace Capsule.Cli.Tests.Arm64;

/// <summary>
/// <c>capsule bench compare --arm64</c>: the portability row serves the same app files
/// with the arm64 capsule (under qemu-user here) and compares the answers with this
/// machine's. PATH holds only qemu, so the container and process rows are skipped
/// (a note says so) and the run stays short.
/// </summary>
[Collection(Arm64Collection.Name)]
public sealed class Arm64BenchPortabilityTests(Arm64Capsule arm64) : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public void The_portability_row_names_the_wasm_digest_and_the_same_answers_on_x86_64_and_aarch64()
    {
        Assert.NotNull(arm64.PublishLog);
        var app = _temp.Combine("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "capsule.toml"), TestManifests.SingleComponent("hello", "http-hello.wasm"));
        var bin = _temp.Combine("bin");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, Arm64Capsule.Qemu), BenchCompareFixture.Which(Arm64Capsule.Qemu)!);

        var run = BenchRun.Start(_temp.Combine("cache"), ["bench", "compare", app, "--runs", "1", "--json", "--report", _temp.Combine("report.md"), "--arm64", Arm64Capsule.Executable], bin);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var portability = run.Json.GetProperty("portability");
        var digest = $"http-hello.wasm sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Guests.Get("http-hello.wasm"))))}";
        Assert.Equal([digest], portability.GetProperty("digests").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("x86_64", portability.GetProperty("here").GetString());
        Assert.Equal("aarch64", portability.GetProperty("there").GetString());
        Assert.True(portability.GetProperty("emulated").GetBoolean());
        var here = portability.GetProperty("hereAnswers").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(here, portability.GetProperty("thereAnswers").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("GET /: HTTP/1.1 200 OK; ", here[0]);
        Assert.Contains("hello from wat\n", here[0]); // the body as sent (chunked)
        Assert.True(portability.GetProperty("same").GetBoolean());
        var report = File.ReadAllText(_temp.Combine("report.md"));
        Assert.Contains($"the same {digest} answered identically on x86_64 and aarch64 (qemu-user)", report);
    }

    public void Dispose() => _temp.Dispose();
}
