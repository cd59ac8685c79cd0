using System.Net;
using Capsule.Hosting.Admission;
using Capsule.Hosting.App;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Hosting.Reuse;
using Capsule.Runtime.Configuration;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Running;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Capsule.AspNetCore;

/// <summary>
/// The Capsule host of one process: the apps mapped into it, and what they
/// share (one engine and compiled-component cache through one <see cref="AppFactory"/>,
/// the run slots, the shutdown cut). Loads every app at start, before the
/// server listens. Thread-safe once started.
/// </summary>
internal sealed class CapsuleApps(IOptions<CapsuleOptions> options, IHostApplicationLifetime lifetime, ILoggerFactory loggers) : IDisposable
{
    private readonly List<MappedApp> _apps = [];
    private readonly Lock _lock = new();
    private AppFactory? _factory;
    private ShutdownCut? _shutdown;

    /// <summary>Why start-up failed, if it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>The apps mapped so far.</summary>
    public IReadOnlyList<MappedApp> Apps
    {
        get
        {
            lock (_lock)
            {
                return [.. _apps];
            }
        }
    }

    /// <summary>Adds an app to load at start; mapping after start is refused.</summary>
    public MappedApp Add(MappedApp app)
    {
        lock (_lock)
        {
            if (_factory is not null)
            {
                throw new InvalidOperationException($"Capsule: '{app.Name}' is mapped after the app started; map Wasm endpoints before app.Run()");
            }
            if (_apps.Any(a => string.Equals(a.BasePath, app.BasePath, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"Capsule: two apps are mapped under '{(app.BasePath.Length == 0 ? "/" : app.BasePath)}'");
            }
            _apps.Add(app);
            return app;
        }
    }

    /// <summary>Compiles and links every mapped app; the first that fails throws <see cref="ManifestException"/> naming it.</summary>
    public void LoadAll()
    {
        var settings = options.Value;
        var admission = settings.Admission();
        AppFactory factory;
        lock (_lock)
        {
            _factory ??= new AppFactory(new AppFactoryOptions
            {
                Engine = EngineSettings.Default with { PoolingAllocator = settings.PoolingAllocator },
                CacheFolder = settings.CacheFolder,
                NoCache = settings.NoCache,
            });
            factory = _factory;
        }
        // The app's own server listens; this address is never bound.
        var server = new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0)) { Admission = admission };
        _shutdown ??= new ShutdownCut(lifetime, server);
        var slots = new RunSlots(admission.RunSlots);
        var log = loggers.CreateLogger("Capsule.AspNetCore");
        foreach (var app in Apps)
        {
            try
            {
                app.Load(factory, loaded =>
                {
                    Refuse(loaded);
                    var gate = factory.Admit(loaded, admission);
                    var warm = new WarmInstances(loaded, factory.Host, gate, loggers.CreateLogger<WarmInstances>());
                    var handler = new WasiHttpHandler(loaded, factory.Host, gate, warm, server, _shutdown, loggers.CreateLogger<WasiHttpHandler>(), slots)
                    {
                        BasePath = app.BasePath,
                    };
                    return (handler, warm);
                });
            }
            catch (ManifestException e)
            {
                Failure = e.Message;
                CapsuleLog.AppFailed(log, app.Name, e.Message);
                throw;
            }
            CapsuleLog.AppLoaded(log, app.Name, app.BasePath.Length == 0 ? "/" : app.BasePath);
        }
    }

    // What capsule up serves beside wasi:http that a mapped app does not (yet): refused, never silently dropped.
    private static void Refuse(LoadedApp app)
    {
        if (app.Manifest.CronTriggers.Count > 0)
        {
            throw new ManifestException(app.Manifest.DisplayName, null, "trigger.cron", "cron triggers run under capsule up only; MapCapsuleApp serves HTTP triggers");
        }
        if (app.Manifest.HttpTriggers.FirstOrDefault(t => t.Wagi is not null) is { } wagi)
        {
            throw new ManifestException(app.Manifest.DisplayName, null, $"component.{wagi.Component}", "the WAGI executor runs under capsule up only; MapCapsuleApp serves wasi:http components");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var app in Apps)
        {
            app.Dispose();
        }
        _shutdown?.Dispose();
        _factory?.Dispose();
    }
}
