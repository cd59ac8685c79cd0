using System.Net;

namespace Capsule.Hosting.Telemetry;

/// <summary>
/// Where <c>capsule up</c> sends metrics and traces. Off unless an OTLP endpoint
/// (<c>--otlp-endpoint</c>, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) or a Prometheus scrape
/// address (<c>--metrics-listen</c>) is given; off, nothing listens to Capsule's instruments
/// and the request path pays nothing measurable.
/// </summary>
public sealed record TelemetryOptions
{
    /// <summary>The standard variable naming the OTLP endpoint.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard variable naming the OTLP protocol (<c>http/protobuf</c> or <c>grpc</c>).</summary>
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>No telemetry.</summary>
    public static TelemetryOptions Off { get; } = new();

    /// <summary>The OTLP collector's base URL (signals go to <c>/v1/traces</c> and <c>/v1/metrics</c> over http/protobuf).</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>Speak gRPC to <see cref="OtlpEndpoint"/> instead of http/protobuf (the specification's default).</summary>
    public bool OtlpGrpc { get; init; }

    /// <summary>Where Prometheus scrapes <c>/metrics</c>: its own port, never the app's.</summary>
    public IPEndPoint? MetricsListen { get; init; }

    /// <summary>Whether anything is exported.</summary>
    public bool Enabled => OtlpEndpoint is not null || MetricsListen is not null;

    /// <summary>
    /// The options from the flags, with the OTLP endpoint and protocol taken from the standard
    /// variables when <paramref name="otlpEndpoint"/> is not given. A bad value throws
    /// <see cref="FormatException"/> naming it.
    /// </summary>
    public static TelemetryOptions From(Uri? otlpEndpoint, IPEndPoint? metricsListen, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (otlpEndpoint is null && environment(EndpointVariable) is { Length: > 0 } fromEnvironment)
        {
            otlpEndpoint = ParseEndpoint(fromEnvironment, EndpointVariable);
        }
        var protocol = environment(ProtocolVariable) is { Length: > 0 } p ? p : "http/protobuf";
        if (protocol is not ("http/protobuf" or "grpc"))
        {
            throw new FormatException($"{ProtocolVariable}: '{protocol}' is not supported (http/protobuf or grpc)");
        }
        return new TelemetryOptions { OtlpEndpoint = otlpEndpoint, OtlpGrpc = protocol == "grpc", MetricsListen = metricsListen };
    }

    /// <summary>An OTLP endpoint: an absolute http or https URL.</summary>
    public static Uri ParseEndpoint(string text, string source) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"{source}: '{text}' is not an http:// or https:// URL");
}
