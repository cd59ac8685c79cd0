using System.CommandLine;
using System.Net;
using Capsule.Hosting.Http;
using Capsule.Hosting.Telemetry;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule up</c>'s telemetry options: <c>--otlp-endpoint URL</c> and <c>--metrics-listen ADDR</c>.</summary>
internal sealed class TelemetryArguments
{
    private readonly Option<Uri?> _otlpEndpoint = new("--otlp-endpoint")
    {
        Description = "Send metrics and traces to this OpenTelemetry collector (OTLP; http/protobuf to URL/v1/traces and URL/v1/metrics, "
            + $"or gRPC when {TelemetryOptions.ProtocolVariable}=grpc). Default: {TelemetryOptions.EndpointVariable}; the SDK reads the other OTEL_* variables "
            + "(OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_HEADERS, ...). Without it and --metrics-listen, telemetry is off",
        HelpName = "URL",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            try
            {
                return TelemetryOptions.ParseEndpoint(text, "--otlp-endpoint");
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
                return null;
            }
        },
    };

    private readonly Option<IPEndPoint?> _metricsListen = new("--metrics-listen")
    {
        Description = "Serve Prometheus metrics at http://HOST:PORT/metrics, on a port of their own (never the app's); port 0 picks a free one",
        HelpName = "HOST:PORT",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (ListenAddress.TryParse(text, out var endpoint, out var error))
            {
                return endpoint;
            }
            result.AddError("--metrics-listen: " + error);
            return null;
        },
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(_otlpEndpoint);
        command.Add(_metricsListen);
    }

    /// <summary>The telemetry the options and the standard variables ask for; a bad variable throws <see cref="FormatException"/>.</summary>
    public TelemetryOptions Options(ParseResult parse) => TelemetryOptions.From(parse.GetValue(_otlpEndpoint), parse.GetValue(_metricsListen));
}
