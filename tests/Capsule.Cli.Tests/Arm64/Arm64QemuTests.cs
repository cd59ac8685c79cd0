using System.Diagnostics;
using System.Text;
using Capsule.Cli.Bench;
using Xunit.Abstractions;

namespace Capsule.Cli.Tests.Arm64;

/// <summary>
/// The same app (a WAT component) served by the x86-64 capsule and by the
/// linux-arm64 capsule under qemu-user answers the
/// same requests with the same responses, and the two builds keep their
/// compiled components apart in one shared artifact cache (the engine
/// fingerprint names the architecture). The JS app is in <see cref="Arm64JsQemuTests"/>.
/// </summary>
[Collection(Arm64Collection.Name)]
public sealed class Arm64QemuTests(Arm64Capsule arm64, ITestOutputHelper output) : IDisposable
{
    // Emulated, start-up took 12 s at load ~35.
    private static readonly TimeSpan ServingTimeout = TimeSpan.FromMinutes(2);
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_arm64_build_under_qemu_serves_a_wat_app_as_the_x64_build_does()
    {
        output.WriteLine(arm64.PublishLog.Trim());
        Assert.Equal("aarch64", ElfFile.Read(Arm64Capsule.Executable).Architecture);
        Assert.Equal("aarch64", ElfFile.Read(Path.Combine(Arm64Capsule.Folder, "libwasmtime.so")).Architecture);
        var app = WriteApp();
        var cache = _temp.Combine("cache");

        var clock = Stopwatch.StartNew();
        // Both without the instance pool (qemu cannot map it): the engines then differ only in their CPU.
        var x64Start = CapsuleProcess.StartInfo(cache, ["up", app, "--listen", "127.0.0.1:0"]);
        x64Start.Environment["CAPSULE_POOLING"] = "off";
        using var x64 = await ServedCapsule.Attach(new RunningCapsule(Process.Start(x64Start)!), "portable");
        var x64Responses = await Responses(x64.Client);
        output.WriteLine($"x64: serving and answered in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        using var arm = await ServedCapsule.Attach(Arm64Capsule.Start(cache, "up", app, "--listen", "127.0.0.1:0"), "portable").WaitAsync(ServingTimeout);
        var armResponses = await Responses(arm.Client);
        output.WriteLine($"arm64 under qemu: serving and answered in {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Contains("hello from wat", x64Responses[0]);
        for (var i = 0; i < x64Responses.Count; i++)
        {
            Assert.Equal(x64Responses[i], armResponses[i]);
        }

        // One cache, two fingerprint folders: each holds the component, compiled for its own CPU.
        var folders = Directory.GetDirectories(cache).Order().ToList();
        Assert.Equal(2, folders.Count);
        var machines = folders.Select(f => Directory.GetFiles(f, "*.cwasm").Select(CompiledFor).Distinct().Single()).Order().ToList();
        Assert.Equal(["aarch64", "x86_64"], machines);
        var entries = folders.Select(f => string.Join(",", Directory.GetFiles(f, "*.cwasm").Select(Path.GetFileName).Order())).ToList();
        Assert.Equal(entries[0], entries[1]);
        Assert.Single(entries[0].Split(','));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>One app: a WAT component under /wat.</summary>
    private string WriteApp()
    {
        var folder = _temp.Combine("app");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "capsule.toml"), $"""
            [application]
            name = "portable"

            [[trigger.http]]
            route = "/wat/..."
            component = "wat"

            [component.wat]
            {TestManifests.Source("http-hello.wasm")}
            """);
        return folder;
    }

    /// <summary>Status, headers (but the date) and body of requests under each prefix (default /wat) and of one unrouted, as text to compare.</summary>
    internal static async Task<List<string>> Responses(HttpClient client, params string[] prefixes)
    {
        var requests = (prefixes.Length == 0 ? ["/wat"] : prefixes).SelectMany(prefix => new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"{prefix}/anything"),
            new HttpRequestMessage(HttpMethod.Post, $"{prefix}/form?q=1") { Content = new StringContent("a=1") },
        }).Append(new HttpRequestMessage(HttpMethod.Get, "/nowhere"));
        var texts = new List<string>();
        foreach (var request in requests)
        {
            using var response = await client.SendAsync(request);
            var text = new StringBuilder($"{request.Method} {request.RequestUri!.PathAndQuery} -> {(int)response.StatusCode}\n");
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => h.Key != "Date").OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                text.Append(name).Append(": ").AppendJoin(", ", values).Append('\n');
            }
            texts.Add(text.Append(await response.Content.ReadAsStringAsync()).ToString());
        }
        return texts;
    }

    /// <summary>The CPU a cache entry's code is for: the ELF header inside the entry.</summary>
    internal static string CompiledFor(string entry)
    {
        var bytes = File.ReadAllBytes(entry);
        var elf = bytes.AsSpan().IndexOf("\u007fELF"u8);
        Assert.True(elf >= 0, $"{entry} holds no ELF object");
        var machine = BitConverter.ToUInt16(bytes, elf + 18);
        return machine switch { 62 => "x86_64", 183 => "aarch64", _ => $"ELF machine {machine}" };
    }
}
