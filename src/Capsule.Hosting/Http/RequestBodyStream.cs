using Microsoft.AspNetCore.Http;

namespace Capsule.Hosting.Http;

/// <summary>
/// The request body as the guest reads it, remembering whether it went past
/// the size limit (a chunked body, whose size only shows as it arrives):
/// the guest's read fails, and the handler must then not pass the guest's
/// answer on as if it had seen the whole body. Read on the guest's thread.
/// </summary>
internal sealed class RequestBodyStream(Stream body) : Stream
{
    private volatile bool _overLimit;
    private volatile bool _detached;

    /// <summary>Bytes the guest has read (the request's cost: <see cref="Runtime.Diagnostics.RunCost.BytesIn"/>).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Whether a read failed because the body exceeded the limit (Kestrel's 413).</summary>
    public bool OverLimit => _overLimit;

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
