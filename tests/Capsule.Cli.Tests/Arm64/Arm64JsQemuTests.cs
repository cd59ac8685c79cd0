using System.Diagnostics;
using Xunit.Abstractions;

namespace Capsule.Cli.Tests.Arm64;

/// <summary>
/// A JavaScript app (componentize-js, 12 MB) beside a WAT one, served by the
/// x86-64 capsule and by the arm64 capsule under qemu-user with the same
/// responses. Emulated, Cranelift needs minutes of CPU for the JS component
/// (it had not finished after 11 minutes on this busy machine), and this
/// machine's libwasmtime cannot compile for another CPU (its cross targets
/// are not built in), so the arm64 side compiles with Winch,
/// <c>CAPSULE_COMPILER=winch</c>, about four times less work; its second
/// start loads the cached arm64 artifact without compiling. The fingerprint
/// keeps each entry to the engine it was made for: the x86-64 Cranelift and
/// the arm64 Winch entries sit in two folders, each compiled for its own CPU.
/// </summary>
[Collection(Arm64Collection.Name)]
public sealed class Arm64JsQemuTests(Arm64Capsule arm64, ITestOutputHelper output) : IDisposable
{
    // Emulated and compiling 12 MB with Winch: about 40 s of CPU, minutes on a busy machine.
    private static readonly TimeSpan CompilingTimeout = TimeSpan.FromMinutes(6);
    private static readonly (string, string)[] Winch = [("CAPSULE_COMPILER", "winch")];
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_arm64_build_under_qemu_serves_a_js_app_as_the_x64_build_does_and_loads_it_cached_the_second_time()
    {
        output.WriteLine(arm64.PublishLog.Trim());
        var app = WriteApp();
        var cache = _temp.Combine("cache");

        var clock = Stopwatch.StartNew();
        var x64Start = CapsuleProcess.StartInfo(cache, ["up", app, "--listen", "127.0.0.1:0", "--verbose"]);
        x64Start.Environment["CAPSULE_POOLING"] = "off";
        List<string> x64Responses;
        using (var x64 = await Serving(new RunningCapsule(Process.Start(x64Start)!), "x64"))
        {
            x64Responses = await Arm64QemuTests.Responses(x64.Served.Client, "/wat", "/js");
        }
        output.WriteLine($"x64: serving and answered in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains("hello from js: GET /js/anything", x64Responses[2]);

        foreach (var round in new[] { "first (compiles)", "second (cached)" })
        {
            clock.Restart();
            using var arm = await Serving(Arm64Capsule.Start(cache, Winch, "up", app, "--listen", "127.0.0.1:0", "--verbose"), round);
            var armResponses = await Arm64QemuTests.Responses(arm.Served.Client, "/wat", "/js");
            output.WriteLine($"arm64 under qemu, {round}: serving and answered in {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(x64Responses, armResponses);
            var js = arm.Lines.Where(l => l.Contains("hello-js.component.wasm", StringComparison.Ordinal) && !l.Contains("Loading component", StringComparison.Ordinal)).ToList();
            var expected = round.StartsWith("first", StringComparison.Ordinal) ? "capsule: Compiled hello-js.component.wasm in " : "capsule: Loaded hello-js.component.wasm from cache";
            Assert.True(js.Count == 1 && js[0].StartsWith(expected, StringComparison.Ordinal), $"{round}: {string.Join(" | ", js)}");
        }

        // Two fingerprint folders: x86-64 Cranelift and arm64 Winch, each holding both components compiled for its CPU.
        var folders = Directory.GetDirectories(cache).Order().ToList();
        Assert.Equal(2, folders.Count);
        var machines = folders.Select(f => Directory.GetFiles(f, "*.cwasm").Select(Arm64QemuTests.CompiledFor).Distinct().Single()).Order().ToList();
        Assert.Equal(["aarch64", "x86_64"], machines);
        Assert.All(folders, f => Assert.Equal(2, Directory.GetFiles(f, "*.cwasm").Length));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>A WAT component under /wat and the JS hello component under /js.</summary>
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

            [[trigger.http]]
            route = "/js/..."
            component = "js"

            [component.wat]
            {TestManifests.Source("http-hello.wasm")}

            [component.js]
            {TestManifests.Source("hello-js.component.wasm")}
            """);
        return folder;
    }

    /// <summary>Waits (longer than ServedCapsule does: a compile under emulation) until the app is served, keeping the lines printed before.</summary>
    private async Task<Started> Serving(RunningCapsule server, string round)
    {
        var lines = new List<string>();
        try
        {
            var serving = await server.WaitForLine(l =>
            {
                lines.Add(l);
                return l.StartsWith("Serving portable on ", StringComparison.Ordinal);
            }, CompilingTimeout);
            output.WriteLine($"{round}: {string.Join(" | ", lines)}");
            var address = serving[serving.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0];
            return new Started(new ServedCapsule(server, new HttpClient { BaseAddress = new Uri(address) }), lines);
        }
        catch
        {
            output.WriteLine($"{round}, before the failure: {string.Join(" | ", lines)}");
            server.Dispose();
            throw;
        }
    }

    private sealed record Started(ServedCapsule Served, List<string> Lines) : IDisposable
    {
        public void Dispose() => Served.Dispose();
    }
}
