using Capsule.Hosting.Admission;
using Capsule.Hosting.Reuse;
using Capsule.Runtime.Running;
using Capsule.Wasi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>
/// The versions of the app a server has: the current one takes new requests; a swapped-out one
/// finishes those in flight and is then released (<see cref="AppVersion"/>). A new version gets its
/// own admission gate (sized for it, as at start-up), kept instances and handler; the engine, host,
/// run slots and options are shared. Thread-safe.
/// </summary>
public sealed class AppVersions
{
    private readonly IServiceProvider _root;
    private readonly ILogger<AppVersions> _logger;
    private readonly Lock _swap = new();
    private AppVersion _current;

    /// <summary>The server's versions, starting with <paramref name="app"/> served by <paramref name="handler"/> (the root services').</summary>
    public AppVersions(IServiceProvider root, LoadedApp app, WasiHttpHandler handler, ILogger<AppVersions> logger)
    {
        _root = root;
        _logger = logger;
        // The first version's app is also the cron scheduler's and the redis triggers': with either it stays loaded.
        var triggered = app.Manifest.CronTriggers.Count > 0 || app.Manifest.RedisTriggers.Count > 0;
        _current = new AppVersion(1, app, root, handler, owned: null, releasesApp: !triggered, Released);
    }

    /// <summary>The version new requests go to.</summary>
    public AppVersion Current => Volatile.Read(ref _current);

    /// <summary>Serves a request on the current version (the terminal middleware).</summary>
    public Task HandleAsync(HttpContext context)
    {
        while (true)
        {
            var version = Current;
            if (version.TryEnter())
            {
                return version.Serve(context, ownServices: version.Number != 1);
            }
            // Retired between the read and the entry: the next read sees its successor.
        }
    }

    /// <summary>
    /// Makes <paramref name="next"/> the current version: sizes its admission (a limit that cannot hold
    /// throws <see cref="Runtime.Configuration.ManifestException"/> and nothing changes; the caller still owns
    /// <paramref name="next"/>), then sends new requests to it and retires the previous one.
    /// </summary>
    public AppVersion Swap(LoadedApp next)
    {
        lock (_swap)
        {
            var host = _root.GetRequiredService<WasiHost>();
            var options = _root.GetRequiredService<ServerOptions>();
            var admission = AdmissionSizing.For(next, host, options.Admission);
            var services = new ServiceCollection();
            // Shared with the server: registered as instances, so the version's provider does not dispose them.
            services.AddSingleton(host);
            services.AddSingleton(options);
            services.AddSingleton(_root.GetRequiredService<RunSlots>());
            services.AddSingleton(_root.GetRequiredService<ShutdownCut>());
            services.AddSingleton(_root.GetRequiredService<ModuleEntryRunner>());
            services.AddSingleton(_root.GetRequiredService<ILoggerFactory>());
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            // The version's own.
            services.AddSingleton(next);
            services.AddSingleton(admission);
            services.AddSingleton<WarmInstances>();
            services.AddSingleton<WasiHttpHandler>();
            services.AddSingleton<Wagi.WagiHandler>();
            var provider = services.BuildServiceProvider();
            var previous = Current;
            var version = new AppVersion(previous.Number + 1, next, provider, provider.GetRequiredService<WasiHttpHandler>(), provider, releasesApp: true, Released);
            Volatile.Write(ref _current, version);
            previous.Retire();
            return version;
        }
    }

    private void Released(AppVersion version) => ReloadLog.Released(_logger, version.Number);
}
