using Capsule.Runtime.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Capsule.Hosting.Telemetry;

/// <summary>
/// Wires OpenTelemetry into the web app when <see cref="TelemetryOptions.Enabled"/>: metrics
/// from Capsule's meter and ASP.NET Core's (<c>http.server.request.duration</c>,
/// <c>http.server.active_requests</c>) to OTLP and/or a Prometheus scrape listener; traces
/// (ASP.NET Core's request span, which continues an incoming <c>traceparent</c>, and Capsule's
/// children) to OTLP. The SDK reads the other standard <c>OTEL_*</c> variables
/// (<c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>,
/// <c>OTEL_BSP_SCHEDULE_DELAY</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>, ...).
/// </summary>
public static class TelemetryServices
{
    /// <summary>ASP.NET Core's activity source: the request span.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>ASP.NET Core's meters: HTTP server metrics with OpenTelemetry's semantic conventions.</summary>
    public static readonly string[] AspNetCoreMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>
    /// Adds OpenTelemetry to <paramref name="builder"/> as <paramref name="telemetry"/> asks, naming the
    /// service <paramref name="serviceName"/> unless <c>OTEL_SERVICE_NAME</c> does. Returns the scrape
    /// listener when Prometheus is on: the caller adds it to Kestrel and maps it (<see cref="MetricsListener"/>).
    /// </summary>
    public static MetricsListener? Add(WebApplicationBuilder builder, TelemetryOptions telemetry, string serviceName)
    {
        if (!telemetry.Enabled)
        {
            return null;
        }
        // The empty builder reads no environment: hand the SDK its own variables, and only those.
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("OTEL_", StringComparison.Ordinal))
            .ToDictionary(name => name, name => Environment.GetEnvironmentVariable(name));
        builder.Configuration.AddInMemoryCollection(variables);
        var named = variables.ContainsKey("OTEL_SERVICE_NAME")
            || (variables.GetValueOrDefault("OTEL_RESOURCE_ATTRIBUTES") ?? "").Contains("service.name=", StringComparison.Ordinal);

        ArtifactCacheTotals.Register();
        var scrape = telemetry.MetricsListen is { } listen ? new MetricsListener(listen) : null;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!named)
                {
                    resource.AddService(serviceName);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CapsuleTelemetry.Name).AddMeter(AspNetCoreMeters);
                if (telemetry.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(o => Configure(o, endpoint, telemetry.OtlpGrpc, "v1/metrics"));
                }
                if (scrape is not null)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (telemetry.OtlpEndpoint is { } traces)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(CapsuleTelemetry.Name, AspNetCoreSource)
                .AddOtlpExporter(o => Configure(o, traces, telemetry.OtlpGrpc, "v1/traces")));
        }
        return scrape;
    }

    private static void Configure(OtlpExporterOptions options, Uri endpoint, bool grpc, string signalPath)
    {
        options.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        // Set in code, the endpoint is used as it is: over HTTP each signal has its own path.
        options.Endpoint = grpc ? endpoint : new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
    }
}
