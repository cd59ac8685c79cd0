using System.Net;
using Capsule.Hosting.Admission;
using Capsule.Hosting.App;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Configuration;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Wasi;
using Microsoft.AspNetCore.Builder;

namespace Capsule.Shim.Container;

/// <summary>
/// The app of one task, composed as <c>capsule up</c> composes it (one
/// <see cref="AppFactory"/>: engine, host, loader with the artifact cache, <see cref="CapsuleServer"/>): loaded
/// and compiled at Create, listening from Start, stopped by Kill.
/// </summary>
internal sealed class ServedApp : IAsyncDisposable
{
    /// <summary>Where the app listens when the container sets no <c>CAPSULE_LISTEN</c>.</summary>
    public const string DefaultListen = "0.0.0.0:80";

    /// <summary>
    /// The compiled-component cache of every shim on the node (containerd's
    /// environment may name another in <c>CAPSULE_CACHE_DIR</c>; a pod's cannot).
    /// </summary>
    public const string DefaultCacheFolder = "/var/lib/capsule/cache";

    private readonly AppFactory _factory;
    private readonly LoadedApp _app;

    private ServedApp(AppFactory factory, LoadedApp app, WebApplication web, IPEndPoint listen)
    {
        (_factory, _app, Web, Listen) = (factory, app, web, listen);
    }

    /// <summary>The web application (not started).</summary>
    public WebApplication Web { get; }

    /// <summary>The address it listens on.</summary>
    public IPEndPoint Listen { get; }

    /// <summary>
    /// Loads the app at <paramref name="manifestPath"/>; a bad manifest or
    /// component is a <see cref="ManifestException"/>, a bad <c>CAPSULE_LISTEN</c> an <see cref="InvalidDataException"/>.
    /// </summary>
    public static ServedApp Load(string manifestPath, OciSpec spec, Action<string> progress)
    {
        var listenText = spec.EnvValue("CAPSULE_LISTEN") ?? DefaultListen;
        if (!ListenAddress.TryParse(listenText, out var listen, out var error))
        {
            throw new InvalidDataException($"CAPSULE_LISTEN: {error}");
        }
        var factory = new AppFactory(new AppFactoryOptions
        {
            CacheFolder = Environment.GetEnvironmentVariable(CacheLocation.EnvironmentVariable) is { Length: > 0 } ? null : DefaultCacheFolder,
            // The container's folder mounts are granted to every component, after the manifest's own files.
            Features = [.. AppFeatures.Create(), new ContainerMountsFeature(ContainerMounts.Grants(spec, progress))],
        });
        try
        {
            var app = factory.Load(manifestPath, new AppLoadOptions { Progress = progress });
            // The container's memory limit bounds the instances in flight as capsule up's default does a machine's: half of it.
            var admission = new AdmissionOptions { MemoryBudgetBytes = spec.MemoryLimitBytes / 2 };
            WebApplication web;
            try
            {
                web = factory.Serve(app, new ServerOptions(listen) { Admission = admission });
            }
            catch
            {
                app.Dispose();
                throw;
            }
            return new ServedApp(factory, app, web, listen);
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        _app.Dispose();
        _factory.Dispose();
    }
}
