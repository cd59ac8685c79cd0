namespace Capsule.Wasi.Io;

/// <summary>
/// An input stream over an asynchronous .NET stream (an HTTP request or
/// response body): <see cref="Read"/> never blocks — it returns what has
/// arrived, possibly nothing — and <see cref="Subscribe"/> is ready when a
/// read would return bytes or the end. One read is in flight at a time.
/// </summary>
public sealed class AsyncStreamInput(Stream source, int chunkSize = 64 * 1024) : InputStream
{
    private readonly byte[] _buffer = new byte[chunkSize];
    private Task<int>? _pending;
    private bool _ended;

    /// <inheritdoc/>
    public override byte[] Read(ulong length)
    {
        if (_ended)
        {
            throw StreamException.Closed();
        }
        if (length == 0)
        {
            return [];
        }
        _pending ??= Start();
        if (!_pending.IsCompleted)
        {
            return [];
        }
        return Take(length);
    }

    /// <inheritdoc/>
    public override byte[] BlockingRead(ulong length, RunDeadline deadline)
    {
        if (_ended)
        {
            throw StreamException.Closed();
        }
        _pending ??= Start();
        // A failed read is not thrown here: Take reports it.
        deadline.Wait(_pending);
        return Take(Math.Max(length, 1));
    }

    private LivePollable? _readiness;

    /// <inheritdoc/>
    public override Pollable Subscribe() => _readiness ??= new LivePollable(WhenReadable);

    // Ready when a read would return bytes, the end or an error: starts the read if none is in flight.
    private Task WhenReadable() => _ended ? Task.CompletedTask : _pending ??= Start();

    /// <inheritdoc/>
    public override void Dispose()
    {
        source.Dispose();
        base.Dispose();
    }

    private Task<int> Start() => source.ReadAsync(_buffer).AsTask();

    // Hands out the completed read; bytes beyond length wait for the next read.
    private byte[] Take(ulong length)
    {
        var completed = _pending!;
        if (completed.IsFaulted || completed.IsCanceled)
        {
            _ended = true;
            throw StreamException.Failed(completed.Exception?.InnerException?.Message ?? "the body was aborted");
        }
        var read = completed.Result;
        if (read == 0)
        {
            _ended = true;
            throw StreamException.Closed();
        }
        var count = (int)Math.Min((ulong)read, length);
        var bytes = _buffer[..count];
        if (count < read)
        {
            // Keep the rest as an already-completed read.
            Array.Copy(_buffer, count, _buffer, 0, read - count);
            _pending = Task.FromResult(read - count);
        }
        else
        {
            _pending = null;
        }
        return bytes;
    }
}
