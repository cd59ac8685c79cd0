using Capsule.Hosting.App;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Wasi;

namespace Capsule.Bench.Stages;

/// <summary>
/// The minimal guest (tests/guests/wat-components/http-hello.wat) loaded as
/// <c>capsule up</c> loads it: a capsule.toml routing <c>/...</c> to it, read
/// by the real manifest loader and app loader, on Capsule's default engine.
/// </summary>
internal sealed class MinimalApp : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "capsule-stages-" + Guid.NewGuid().ToString("N"));

    public MinimalApp()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "capsule.toml"), $"""
            [application]
            name = "stages"
            [[trigger.http]]
            route = "/..."
            component = "guest"
            [component.guest]
            source = "{BenchGuests.Get("http-hello.wasm")}"
            """);
        Engine = new CapsuleEngine();
        // The app's features, as capsule up links them (files, services), not only WASI's.
        Host = new WasiHost(Engine, Capsule.Hosting.App.AppFeatures.Create());
        var loader = new GuestLoader(Engine, new ArtifactCache(Path.Combine(_folder, "cache"), Engine));
        App = new AppLoader(Host, loader, Path.Combine(_folder, ".capsule")).Load(ManifestLoader.Load(_folder));
    }

    public CapsuleEngine Engine { get; }

    public WasiHost Host { get; }

    public LoadedApp App { get; }

    public void Dispose()
    {
        App.Dispose();
        Host.Dispose();
        Engine.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
