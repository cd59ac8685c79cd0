using System.Diagnostics;
using Capsule.Runtime.Diagnostics;

namespace Capsule.Wasi.Http;

/// <summary>
/// One outbound request's client span (<c>GET</c>, kind client, OpenTelemetry's HTTP attributes)
/// and its duration in <c>capsule.service.call.duration</c> (service <c>outbound_http</c>). The
/// span's W3C <c>traceparent</c> goes out with the request so the callee joins the trace, unless
/// the guest set its own, which it keeps. Nothing is started when nobody listens.
/// </summary>
internal readonly struct OutboundTelemetry : IDisposable
{
    private readonly Activity? _span;
    private readonly long _started;
    private readonly string _method;

    private OutboundTelemetry(Activity? span, long started, string method) => (_span, _started, _method) = (span, started, method);

    /// <summary>Starts timing (and, when traced, a client span for) <paramref name="message"/>.</summary>
    public static OutboundTelemetry Start(HttpRequestMessage message)
    {
        var method = message.Method.Method;
        var span = CapsuleTelemetry.Source.HasListeners() ? CapsuleTelemetry.Source.StartActivity(method, ActivityKind.Client) : null;
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("http.request.method", method);
            span.SetTag("server.address", message.RequestUri!.Host);
            span.SetTag("server.port", message.RequestUri.Port);
            span.SetTag("url.full", message.RequestUri.GetLeftPart(UriPartial.Path));
        }
        return new OutboundTelemetry(span, CapsuleTelemetry.ServiceCallDuration.Enabled ? Stopwatch.GetTimestamp() : 0, method);
    }

    /// <summary>Adds the span's trace context to <paramref name="message"/>'s headers unless the guest set <c>traceparent</c> itself.</summary>
    public void Propagate(HttpRequestMessage message)
    {
        if (_span is null || message.Headers.Contains("traceparent"))
        {
            return;
        }
        DistributedContextPropagator.Current.Inject(_span, message, static (carrier, name, value) =>
        {
            if (carrier is HttpRequestMessage request && !request.Headers.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        });
    }

    /// <summary>Notes the response status.</summary>
    public void Answered(int status) => _span?.SetTag("http.response.status_code", status);

    /// <summary>Ends the span (at the response's headers, or the failure) and records the duration.</summary>
    public void Dispose()
    {
        _span?.Dispose();
        if (_started != 0)
        {
            CapsuleTelemetry.ServiceCallDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds,
                new KeyValuePair<string, object?>("capsule.service", "outbound_http"),
                new KeyValuePair<string, object?>("capsule.operation", _method));
        }
    }
}
