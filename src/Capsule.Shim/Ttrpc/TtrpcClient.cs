using System.Net.Sockets;
using Capsule.Shim.Ttrpc.Wire;
using Google.Protobuf;

namespace Capsule.Shim.Ttrpc;

/// <summary>
/// A ttrpc client for unary calls on a unix socket, one call at a time
/// (the shim's only calls are event forwards to containerd). Connects on first
/// use and again after a broken connection.
/// </summary>
internal sealed class TtrpcClient(string socketPath) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private NetworkStream? _stream;
    private uint _nextStream = 1;

    /// <summary>Calls <paramref name="service"/>.<paramref name="method"/>; a non-OK status throws <see cref="TtrpcException"/>.</summary>
    public async Task<ByteString> CallAsync(string service, string method, IMessage request, IEnumerable<KeyValue> metadata, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _lock.WaitAsync(deadline.Token);
        try
        {
            var stream = _stream ??= await ConnectAsync(deadline.Token);
            var id = _nextStream;
            _nextStream += 2; // client streams are odd
            var envelope = new Request { Service = service, Method = method, Payload = request.ToByteString(), TimeoutNano = (long)timeout.TotalNanoseconds };
            envelope.Metadata.AddRange(metadata);
            try
            {
                await new TtrpcFrame(id, TtrpcFrame.Request, 0, envelope.ToByteArray()).WriteAsync(stream, deadline.Token);
                while (true)
                {
                    var frame = await TtrpcFrame.ReadAsync(stream, deadline.Token) ?? throw new IOException("ttrpc: the server closed the connection");
                    if (frame.StreamId != id || frame.Type != TtrpcFrame.Response)
                    {
                        continue;
                    }
                    var response = Response.Parser.ParseFrom(frame.Data);
                    if (response.Status is { Code: not 0 } status)
                    {
                        throw new TtrpcException((StatusCode)status.Code, status.Message);
                    }
                    return response.Payload;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                _stream.Dispose();
                _stream = null;
                throw;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _stream?.Dispose();

    private async Task<NetworkStream> ConnectAsync(CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellation);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new NetworkStream(socket, ownsSocket: true);
    }
}
