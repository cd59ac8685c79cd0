using Microsoft.AspNetCore.Http;

namespace Capsule.Hosting.Http;

/// <summary>
/// The request body as the guest reads it, remembering whether it went past
/// the size limit (a chunked body, whose size only shows as it arrives):
/// the guest's read fails, and the handler must then not pass the guest's
/// answer on as if it had seen the whole body. The same holds for a body that
/// fails otherwise (shorter than its Content-Length and stalled, a broken chunk):
/// the guest's read fails and <see cref="Failure"/> says why. Read on the guest's thread.
/// </summary>
internal sealed class RequestBodyStream(Stream body) : Stream
{
    private volatile bool _overLimit;
    private volatile bool _detached;
    private volatile string? _failure;

    /// <summary>Bytes the guest has read (the request's cost: <see cref="Runtime.Diagnostics.RunCost.BytesIn"/>).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Whether a read failed because the body exceeded the limit (Kestrel's 413).</summary>
    public bool OverLimit => _overLimit;

    /// <summary>Why a read of the body failed (the guest saw a stream error), or null.</summary>
    public string? Failure => _failure;

    /// <summary>The status Kestrel gives the failure (408 for a body that stalls, 400 for a broken one).</summary>
    public int FailureStatus { get; private set; } = StatusCodes.Status400BadRequest;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Ends the guest's access when its request is over: Kestrel reuses a connection's
    /// body stream for the next request, which a reused instance must never read.
    /// </summary>
    public void Detach() => _detached = true;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_detached, this);
        try
        {
            var read = await body.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            _overLimit = true;
            throw;
        }
        catch (Exception e) when (!_detached)
        {
            FailureStatus = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            _failure = e.Message;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
        }
        base.Dispose(disposing);
    }
}
