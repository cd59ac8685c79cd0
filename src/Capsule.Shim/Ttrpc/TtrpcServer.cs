using System.Net.Sockets;
using Capsule.Shim.Ttrpc.Wire;
using Google.Protobuf;

namespace Capsule.Shim.Ttrpc;

/// <summary>Answers one unary ttrpc call: the reply message, or a <see cref="TtrpcException"/>.</summary>
internal delegate Task<IMessage> TtrpcHandler(string service, string method, ByteString payload, CancellationToken cancellation);

/// <summary>
/// A ttrpc server on a listening unix socket: each connection is read frame by
/// frame, and each request runs on its own (containerd keeps a Wait call open
/// while it sends Kill on the same connection); replies are written whole under
/// a per-connection lock. Only unary calls (no streaming) are served, which is
/// all the shim v2 task service uses.
/// </summary>
internal sealed class TtrpcServer(Socket listener, TtrpcHandler handler, Action<string, string> log)
{
    /// <summary>Called after a reply was written, with the method's name (Shutdown exits only once it was answered).</summary>
    public Action<string>? Replied { get; init; }

    /// <summary>Accepts connections until <paramref name="cancellation"/> ends.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(connection, cancellation), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken cancellation)
    {
        using var stream = new NetworkStream(connection, ownsSocket: true);
        var writeLock = new SemaphoreSlim(1, 1);
        try
        {
            while (await TtrpcFrame.ReadAsync(stream, cancellation) is { } frame)
            {
                if (frame.Type != TtrpcFrame.Request)
                {
                    continue; // data frames belong to streaming calls, which no shim method uses
                }
                _ = Task.Run(() => AnswerAsync(stream, writeLock, frame, cancellation), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            if (!cancellation.IsCancellationRequested)
            {
                log("ttrpc", $"connection closed: {e.Message}");
            }
        }
    }

    private async Task AnswerAsync(NetworkStream stream, SemaphoreSlim writeLock, TtrpcFrame frame, CancellationToken cancellation)
    {
        var response = new Response();
        var method = "?";
        try
        {
            var request = Request.Parser.ParseFrom(frame.Data);
            method = request.Method;
            var reply = await handler(request.Service, request.Method, request.Payload, cancellation);
            response.Payload = reply.ToByteString();
            response.Status = new Wire.Status { Code = (int)StatusCode.Ok };
        }
        catch (TtrpcException e)
        {
            response.Status = new Wire.Status { Code = (int)e.Code, Message = e.Message };
        }
        catch (InvalidProtocolBufferException e)
        {
            response.Status = new Wire.Status { Code = (int)StatusCode.InvalidArgument, Message = $"malformed {method} request: {e.Message}" };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log("ttrpc", $"{method} failed: {e}");
            response.Status = new Wire.Status { Code = (int)StatusCode.Unknown, Message = e.Message };
        }
        await writeLock.WaitAsync(CancellationToken.None);
        try
        {
            await new TtrpcFrame(frame.StreamId, TtrpcFrame.Response, 0, response.ToByteArray()).WriteAsync(stream, cancellation);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return; // the caller went away
        }
        finally
        {
            writeLock.Release();
        }
        Replied?.Invoke(method);
    }
}
