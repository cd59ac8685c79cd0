using Capsule.Hosting.Admission;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Wasi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.App;

/// <summary>
/// The one place a served app is composed: an engine, the host features
/// (linked once), and a loader with the artifact cache; then, per app,
/// manifest (read with the same features the host links) → features'
/// configuration → compile and link → admission. <c>capsule up</c>, the
/// container shim, the ASP.NET Core integration, tests and benches all go
/// through it. One per process is enough: it serves any number of apps.
/// </summary>
public sealed class AppFactory : IDisposable
{
    /// <summary>Creates the engine, the host with its features, and the loader.</summary>
    public AppFactory(AppFactoryOptions? options = null)
    {
        options ??= new AppFactoryOptions();
        Engine = new CapsuleEngine(options.Engine);
        StartupTrace.Mark("engine created");
        try
        {
            Host = new WasiHost(Engine, options.Features ?? AppFeatures.Create(options.Services));
            if (options.ComponentLayer is { } layer)
            {
                Host.ComponentLayer = layer;
            }
            StartupTrace.Mark("host linker defined");
            Loader = options.Loader?.Invoke(Engine)
                ?? new GuestLoader(Engine, options.NoCache ? null : new ArtifactCache(CacheLocation.Resolve(options.CacheFolder), Engine));
        }
        catch
        {
            Host?.Dispose();
            Engine.Dispose();
            throw;
        }
    }

    /// <summary>The Wasmtime engine every app shares.</summary>
    public CapsuleEngine Engine { get; }

    /// <summary>The host: its features are linked once, and read every manifest.</summary>
    public WasiHost Host { get; }

    /// <summary>Compiles components through the artifact cache.</summary>
    public GuestLoader Loader { get; }

    /// <summary>
    /// Reads the manifest at <paramref name="location"/> (a file, or a folder holding
    /// capsule.toml, else spin.toml) with the keys of the features this host links.
    /// </summary>
    public AppManifest ReadManifest(string location, bool checkSources = true) =>
        ManifestLoader.Load(location, checkSources, Host.Features);

    /// <summary>Reads manifest <paramref name="text"/> as if from <paramref name="fullPath"/> (relative paths resolve against its folder), with the keys of the features this host links.</summary>
    public AppManifest ParseManifest(string text, string fullPath, string displayName) =>
        ManifestLoader.Parse(text, fullPath, displayName, checkSources: true, Host.Features);

    /// <summary>
    /// Reads, (with <see cref="AppLoadOptions.Build"/>) builds, configures, compiles
    /// and links the app at <paramref name="location"/>. Every failure is one
    /// <see cref="ManifestException"/> naming the file, the key and the cause.
    /// </summary>
    public LoadedApp Load(string location, AppLoadOptions? options = null)
    {
        options ??= new AppLoadOptions();
        if (options.Build)
        {
            ComponentBuilder.BuildAll(ReadManifest(location, checkSources: false), options.Progress ?? (_ => { }));
        }
        var manifest = ReadManifest(location);
        StartupTrace.Mark("manifest read");
        return Load(manifest, options);
    }

    /// <summary>Configures, compiles and links an app whose manifest is already read.</summary>
    public LoadedApp Load(AppManifest manifest, AppLoadOptions? options = null)
    {
        options ??= new AppLoadOptions();
        var state = options.StateDirectory ?? Path.Combine(manifest.Directory, ".capsule");
        return new AppLoader(Host, Loader, state, options.RuntimeConfig).Load(manifest, options.Progress);
    }

    /// <summary>Sizes admission for <paramref name="app"/> (<see cref="AdmissionSizing"/>): a limit that cannot hold throws <see cref="ManifestException"/>.</summary>
    public AdmissionGate Admit(LoadedApp app, AdmissionOptions options) => AdmissionSizing.For(app, Host, options);

    /// <summary>A Kestrel application serving <paramref name="app"/> (<see cref="CapsuleServer.Build"/>); the caller runs and disposes it.</summary>
    public WebApplication Serve(LoadedApp app, ServerOptions options, Action<ILoggingBuilder>? logging = null) =>
        CapsuleServer.Build(app, Host, options, logging);

    /// <summary>Releases the host's features and the engine; dispose the apps first.</summary>
    public void Dispose()
    {
        Host.Dispose();
        Engine.Dispose();
    }
}
