using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// A registry that stalls after the headers: it answers a manifest (a Wasm layer and a locked
/// app), then sends the headers and the first bytes of any blob and nothing more, holding the
/// connection open until disposed. Also answers with whatever <see cref="Answer"/> says.
/// </summary>
public sealed class StallingRegistry : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];

    public StallingRegistry()
    {
        _listener.Start();
        _ = Task.Run(Accept);
    }

    /// <summary>host:port to put in references.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>How a request (its first line) is answered; null lets the stall happen.</summary>
    public Func<string, string?> Answer { get; set; } = _ => null;

    /// <summary>The layer the manifest lists first, whose body never completes.</summary>
    public const string StalledDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    private static readonly string Manifest = $$"""
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":2},
         "layers":[{"mediaType":"application/vnd.wasm.content.layer.v1+wasm","digest":"{{StalledDigest}}","size":100000},
                   {"mediaType":"application/vnd.fermyon.spin.application.v1+config","digest":"sha256:3333333333333333333333333333333333333333333333333333333333333333","size":10}]}
        """;

    private async Task Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            lock (_held)
            {
                _held.Add(client);
            }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } requestLine)
            {
                while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 })
                {
                    // Headers: not needed.
                }
                var response = Answer(requestLine) ?? (requestLine.Contains("/manifests/", StringComparison.Ordinal)
                    ? $"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nContent-Length: {Encoding.UTF8.GetByteCount(Manifest)}\r\n\r\n{Manifest}"
                    : "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n0123456789");
                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the test ended.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }
        }
        _stop.Dispose();
    }
}
