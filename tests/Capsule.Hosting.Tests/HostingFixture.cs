using Capsule.Hosting.App;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Wasi;

namespace Capsule.Hosting.Tests;

/// <summary>One app factory (engine, host with WASI's and the app services' features, cached loader) per test class, as capsule up has per process.</summary>
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
        // Composed as capsule up composes it: the app's features (files, services), not only WASI's.
        Factory = new AppFactory(new AppFactoryOptions { Engine = settings, CacheFolder = _cache.Path });
    }

    public AppFactory Factory { get; }

    public CapsuleEngine Engine => Factory.Engine;

    public WasiHost Host => Factory.Host;

    public GuestLoader Loader => Factory.Loader;

    public void Dispose()
    {
        Factory.Dispose();
        _cache.Dispose();
        GC.SuppressFinalize(this);
    }
}
