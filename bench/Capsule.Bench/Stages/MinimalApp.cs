using Capsule.Hosting.App;
using Capsule.Runtime.Engine;
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
        // Composed as capsule up composes it: the app's features (files, services), not only WASI's.
        Factory = new AppFactory(new AppFactoryOptions { CacheFolder = Path.Combine(_folder, "cache") });
        App = Factory.Load(_folder);
    }

    public AppFactory Factory { get; }

    public CapsuleEngine Engine => Factory.Engine;

    public WasiHost Host => Factory.Host;

    public LoadedApp App { get; }

    public void Dispose()
    {
        App.Dispose();
        Factory.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
