using Capsule.Hosting.App;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Wasi;

namespace Capsule.Hosting.Tests;

/// <summary>One engine, host (WASI's and the app services' features) and cached loader per test class, as capsule up has per process.</summary>
public class HostingFixture : IDisposable
{
    private readonly TempDir _cache = new();

    public HostingFixture()
        : this(EngineSettings.Default)
    {
    }

    /// <summary>An engine with other settings (e.g. a small instance pool).</summary>
    protected HostingFixture(EngineSettings settings)
    {
        Engine = new CapsuleEngine(settings);
        // The app's features, as capsule up links them (files, services), not only WASI's.
        Host = new WasiHost(Engine, AppFeatures.Create());
        Loader = new GuestLoader(Engine, new ArtifactCache(_cache.Path, Engine));
    }

    public CapsuleEngine Engine { get; }

    public WasiHost Host { get; }

    public GuestLoader Loader { get; }

    public void Dispose()
    {
        Host.Dispose();
        Engine.Dispose();
        _cache.Dispose();
        GC.SuppressFinalize(this);
    }
}
