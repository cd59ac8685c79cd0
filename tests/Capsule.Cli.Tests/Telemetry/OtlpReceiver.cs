using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Capsule.Cli.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP protobuf receiver on a free loopback port, as a collector listens on 4318:
/// POST /v1/traces bodies are decoded into <see cref="Spans"/>; /v1/metrics bodies are counted.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private int _metricBatches;

    public OtlpReceiver()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Serve();
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public ConcurrentBag<OtlpSpan> Spans { get; } = [];

    public int MetricBatches => Volatile.Read(ref _metricBatches);

    /// <summary>A free loopback port (the OS picks it; freed for the caller to bind).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Waits until spans satisfy <paramref name="done"/>.</summary>
    public async Task<List<OtlpSpan>> WaitFor(Func<List<OtlpSpan>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var spans = Spans.ToList();
            if (done(spans))
            {
                return spans;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the receiver did not get the expected spans; it has: {string.Join(", ", Spans.Select(s => $"{s.Name}({s.SpanId}<-{s.ParentSpanId})"))}");
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url!.AbsolutePath == "/v1/traces" && context.Request.ContentType == "application/x-protobuf")
            {
                foreach (var span in OtlpSpan.Read(body.ToArray()))
                {
                    Spans.Add(span);
                }
            }
            else if (context.Request.Url.AbsolutePath == "/v1/metrics")
            {
                Interlocked.Increment(ref _metricBatches);
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
