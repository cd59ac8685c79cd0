using System.Collections.Concurrent;
using System.Net;

namespace Capsule.Cli.Tests.Telemetry;

/// <summary>An HTTP server on a free loopback port that answers "ok" and keeps each request's headers.</summary>
public sealed class RecordingHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();

    public RecordingHttpServer()
    {
        Port = OtlpReceiver.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Serve();
    }

    public int Port { get; }

    public ConcurrentQueue<WebHeaderCollection> Requests { get; } = [];

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
            Requests.Enqueue((WebHeaderCollection)context.Request.Headers);
            var body = "ok"u8.ToArray();
            context.Response.StatusCode = 200;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
