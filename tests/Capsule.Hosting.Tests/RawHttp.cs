using System.Net.Sockets;
using System.Text;

namespace Capsule.Hosting.Tests;

/// <summary>
/// HTTP/1.1 spoken by hand over a TcpClient on 127.0.0.1, for what HttpClient
/// will not send: a bad Host, a body that ends early, chunks past a limit.
/// </summary>
public sealed class RawHttp : IDisposable
{
    private readonly TcpClient _socket = new();
    private NetworkStream _stream = null!;

    public static async Task<RawHttp> Connect(Uri server)
    {
        var raw = new RawHttp();
        await raw._socket.ConnectAsync(server.Host, server.Port);
        raw._stream = raw._socket.GetStream();
        return raw;
    }

    /// <summary>Sends text as ASCII; false if the server has already closed or reset the connection.</summary>
    public async Task<bool> TrySend(string text)
    {
        try
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));
            await _stream.FlushAsync();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Half-closes: the server reads the end of the stream (as a client that leaves mid-body).</summary>
    public void CloseSending() => _socket.Client.Shutdown(SocketShutdown.Send);

    /// <summary>
    /// Everything the server sends until it closes the connection (or
    /// <paramref name="timeout"/> passes), as text; a reset ends it too.
    /// </summary>
    public async Task<string> ReadAll(TimeSpan timeout)
    {
        using var received = new MemoryStream();
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Reset or still open: what arrived is the answer.
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>The status line's code, or null when nothing (or no status line) came back.</summary>
    public static int? StatusOf(string response) =>
        response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(response.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : null;

    public void Dispose() => _socket.Dispose();
}
