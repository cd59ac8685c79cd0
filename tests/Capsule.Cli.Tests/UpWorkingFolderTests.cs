using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Capsule.Cli.Tests;

/// <summary>
/// <c>capsule up</c> is configured by its flags and the manifest only: the
/// folder it is started from is not read for ASP.NET configuration (nor
/// watched, which walked every folder below it at start-up).
/// </summary>
public sealed partial class UpWorkingFolderTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task An_appsettings_json_in_the_working_folder_changes_nothing()
    {
        var app = _temp.Combine("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "capsule.toml"), TestManifests.SingleComponent("hello", "http-hello.wasm"));
        var cwd = _temp.Combine("cwd");
        Directory.CreateDirectory(cwd);
        // ASP.NET's default host would read this and silence every log, the request log included.
        File.WriteAllText(Path.Combine(cwd, "appsettings.json"), """{ "Logging": { "LogLevel": { "Default": "None" } } }""");

        var start = CapsuleProcess.StartInfo(_temp.Combine("cache"), ["up", app, "--listen", "127.0.0.1:0"]);
        start.WorkingDirectory = cwd;
        using var server = new RunningCapsule(Process.Start(start)!);
        var serving = await server.WaitForLine(l => l.StartsWith("Serving hello on ", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = new Uri(Address().Match(serving).Value) };

        Assert.Equal("hello from wat\n", await client.GetStringAsync("/"));
        await server.WaitForLine(l => l.Contains("GET / 200", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex Address();
}
