namespace Capsule.Wasi.Http;

/// <summary>
/// A response body that fails a read which waits longer than the
/// between-bytes timeout, or that is still waiting when the run ends, with an
/// <see cref="IOException"/> the guest sees as a failed stream.
/// </summary>
internal sealed class PacedReadStream(Stream inner, TimeSpan betweenBytes, CancellationToken runEnded) : Stream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var paced = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runEnded);
        paced.CancelAfter(betweenBytes);
        try
        {
            return await inner.ReadAsync(buffer, paced.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !runEnded.IsCancellationRequested)
        {
            throw new IOException($"connection-read-timeout: no data for {Runtime.Grants.Duration.Format(betweenBytes)} (between-bytes-timeout)");
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

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
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
