using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;

namespace Capsule.Hosting.App;

/// <summary>What an <see cref="AppFactory"/> is made of; every part has a default.</summary>
public sealed record AppFactoryOptions
{
    /// <summary>Wasmtime's settings (default: <see cref="EngineSettings.Default"/>).</summary>
    public EngineSettings? Engine { get; init; }

    /// <summary>What the command line tells the app services (key-value stores, SQLite statements).</summary>
    public AppServiceOptions? Services { get; init; }

    /// <summary>The host features, in link order (default: <see cref="AppFeatures.Create"/> with <see cref="Services"/>).</summary>
    public IReadOnlyList<IHostFeature>? Features { get; init; }

    /// <summary>The compiled-component cache folder (default: <see cref="Runtime.Artifacts.CacheLocation.Resolve"/>).</summary>
    public string? CacheFolder { get; init; }

    /// <summary>Compile every time, with no artifact cache.</summary>
    public bool NoCache { get; init; }

    /// <summary>
    /// Which layer runs components (issue 21; default: <c>CAPSULE_COMPONENT_LAYER</c>, else
    /// <see cref="Runtime.Components.Running.ComponentLayer.Wasmtime"/>).
    /// </summary>
    public Runtime.Components.Running.ComponentLayer? ComponentLayer { get; init; }

    /// <summary>Makes the loader instead (e.g. with a logging cache); overrides <see cref="CacheFolder"/> and <see cref="NoCache"/>.</summary>
    public Func<CapsuleEngine, GuestLoader>? Loader { get; init; }
}

/// <summary>How one app is loaded by <see cref="AppFactory.Load(string, AppLoadOptions?)"/>.</summary>
public sealed record AppLoadOptions
{
    /// <summary>The app's state folder (default: <c>.capsule</c> next to the manifest).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The runtime configuration file (Spin's <c>--runtime-config-file</c>), if any.</summary>
    public RuntimeConfigFile? RuntimeConfig { get; init; }

    /// <summary>Run each component's build command first (<c>spin up --build</c>).</summary>
    public bool Build { get; init; }

    /// <summary>Hears of each build step and compile.</summary>
    public Action<string>? Progress { get; init; }
}
