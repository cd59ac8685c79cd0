using System.Net;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Running;
using Capsule.Wasi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>Where and how <c>capsule up</c> listens.</summary>
/// <param name="Listen">The address and port (0 picks a free one); see <see cref="ListenAddress"/>.</param>
public sealed record ServerOptions(IPEndPoint Listen)
{
    /// <summary>Largest request body; 413 beyond (<see cref="HttpDefaults.MaxRequestBodyBytes"/>).</summary>
    public long MaxRequestBodyBytes { get; init; } = HttpDefaults.MaxRequestBodyBytes;

    /// <summary>Largest header section; 431 beyond (<see cref="HttpDefaults.MaxRequestHeadersBytes"/>).</summary>
    public int MaxRequestHeadersBytes { get; init; } = HttpDefaults.MaxRequestHeadersBytes;

    /// <summary>How many instances may run and wait, and the memory budget (<see cref="AdmissionOptions"/>).</summary>
    public AdmissionOptions Admission { get; init; } = new();

    /// <summary>How long shutdown waits for in-flight requests.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = HttpDefaults.ShutdownTimeout;

    /// <summary>
    /// Bytes of stdout and stderr (together) one request's guest may put in the
    /// log; the rest is dropped and counted in one note at the end of the
    /// request. Default 64 KiB: hundreds of ordinary log lines, while 1,000
    /// requests at once can still only queue 64 MB of log (one request once
    /// wrote 161 MB).
    /// </summary>
    public long GuestLogBytesPerRequest { get; init; } = 64 * 1024;

    /// <summary>
    /// Lines one request's guest may log (see <see cref="GuestLogBytesPerRequest"/>).
    /// Default 1,000: each line costs a log entry however short, so a guest
    /// printing single characters is bounded too.
    /// </summary>
    public int GuestLogLinesPerRequest { get; init; } = 1000;

    /// <summary>
    /// How often idle instance slots are given back (<see cref="IdleSlotRelease"/>):
    /// memory held after a burst returns within about two intervals of its end.
    /// Default 10 s; zero turns it off.
    /// </summary>
    public TimeSpan IdleSlotReleaseInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Metrics and traces (<see cref="Telemetry.TelemetryOptions"/>); off by default.</summary>
    public Telemetry.TelemetryOptions Telemetry { get; init; } = Hosting.Telemetry.TelemetryOptions.Off;
}

/// <summary>Where Prometheus scrapes this server's metrics (null: no scrape listener).</summary>
/// <param name="Listener">The <c>/metrics</c> listener on its own port.</param>
public sealed record MetricsScrape(Telemetry.MetricsListener? Listener)
{
    /// <summary>The scrape URL once the server has started (its real port when 0 was asked).</summary>
    public Uri? Url => Listener?.Url;
}

/// <summary>
/// Builds the Kestrel application that serves a loaded app: one terminal
/// middleware (<see cref="WasiHttpHandler"/>), request limits from
/// <see cref="ServerOptions"/>, graceful shutdown on SIGINT/SIGTERM.
/// </summary>
public static class CapsuleServer
{
    /// <summary>
    /// A web application serving <paramref name="app"/>; the caller runs and
    /// disposes it. Sizes admission first (<see cref="AdmissionSizing"/>): a
    /// limit that cannot hold throws <see cref="ManifestException"/>.
    /// </summary>
    public static WebApplication Build(LoadedApp app, WasiHost host, ServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var admission = AdmissionSizing.For(app, host, options.Admission);
        StartupTrace.Mark("admission sized");

        // The empty builder reads no appsettings.json and no ASPNETCORE_ variables
        // (capsule up is configured by its flags and the manifest only), and does
        // not watch the working folder for configuration changes: the slim
        // builder's watcher walked every folder below it at start-up (hundreds of
        // milliseconds in a source tree).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Services.AddSingleton<ILoggerProvider, BatchedConsoleLoggerProvider>();
        }
        else
        {
            logging(builder.Logging);
        }
        // Framework chatter stays out of a serving log: warnings only.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // A failed start (port in use) surfaces as an exception that capsule up
        // reports in one line; the host's own copy is a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        if (options.Telemetry.MetricsListen is { } metricsAt && metricsAt.Port != 0 && metricsAt.Equals(options.Listen))
        {
            throw new FormatException($"--metrics-listen {metricsAt}: the app listens there; metrics need a port of their own");
        }
        var metrics = Telemetry.TelemetryServices.Add(builder, options.Telemetry, app.Manifest.Application.Name);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Listen);
            metrics?.Listen(kestrel);
            // Header values are bytes in wasi:http; Latin-1 maps each byte to one
            // char and back, so values with bytes 0x80-0xFF (obs-text) pass unchanged.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersBytes;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton(new MetricsScrape(metrics));
        builder.Services.AddSingleton(app);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(host);
        builder.Services.AddSingleton(admission);
        builder.Services.AddSingleton(new RunSlots(options.Admission.RunSlots));
        builder.Services.AddSingleton<Reuse.WarmInstances>();
        builder.Services.AddSingleton<ShutdownCut>();
        builder.Services.AddSingleton<WasiHttpHandler>();
        builder.Services.AddSingleton<AppVersions>();
        builder.Services.AddSingleton(_ => new Runtime.Running.ModuleEntryRunner(host.Engine));
        builder.Services.AddSingleton<Wagi.WagiHandler>();
        builder.Services.AddHostedService<IdleSlotRelease>();
        builder.Services.AddSingleton<Cron.CronScheduler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Cron.CronScheduler>());
        builder.Services.AddSingleton<Redis.RedisTriggerService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Redis.RedisTriggerService>());
        var web = builder.Build();
        // Requests go to the app's current version (a reload swaps it: AppVersions, AppReloader).
        var versions = web.Services.GetRequiredService<AppVersions>();
        metrics?.Map(web);
        web.Run(versions.HandleAsync);
        return web;
    }
}
