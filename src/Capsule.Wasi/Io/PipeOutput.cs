using System.Buffers;
using System.IO.Pipelines;

namespace Capsule.Wasi.Io;

/// <summary>
/// An output stream into a pipe that the host reads concurrently (a response
/// body on its way to the client, a request body on its way to a server).
/// Backpressure is WASI's: when the reader falls behind the pipe's
/// threshold, <see cref="CheckWrite"/> says 0 and <see cref="Subscribe"/>
/// waits for the reader. Completing the writer ends the body.
/// </summary>
public sealed class PipeOutput(PipeWriter writer) : OutputStream
{
    /// <summary>How much the guest may write at once when the pipe has room.</summary>
    public const int WriteBudget = 64 * 1024;

    // A Task, not the ValueTask FlushAsync returns: it is inspected more than once.
    private Task<FlushResult> _flush = Task.FromResult(default(FlushResult));
    private bool _completed;

    /// <inheritdoc/>
    public override ulong CheckWrite()
    {
        ThrowIfClosed();
        return _flush.IsCompleted ? WriteBudget : 0UL;
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> contents)
    {
        ThrowIfClosed();
        if (!_flush.IsCompleted)
        {
            throw new InvalidOperationException("write without check-write permission");
        }
        writer.Write(contents);
        _flush = writer.FlushAsync().AsTask();
    }

    /// <inheritdoc/>
    public override void BlockingFlush(RunDeadline deadline)
    {
        ThrowIfClosed();
        if (!_flush.IsCompleted)
        {
            deadline.Wait(_flush);
            _flush.GetAwaiter().GetResult();
        }
    }

    private LivePollable? _readiness;

    /// <inheritdoc/>
    public override Pollable Subscribe() => _readiness ??= new LivePollable(() => _flush);

    /// <summary>Ends the body: the reader sees its end once it has read every byte.</summary>
    public void Complete(Exception? error = null)
    {
        if (!_completed)
        {
            _completed = true;
            writer.Complete(error);
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        Complete();
        base.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (_completed)
        {
            throw StreamException.Closed();
        }
        if (_flush.IsFaulted || (_flush.IsCompletedSuccessfully && _flush.Result.IsCompleted))
        {
            // The reader is gone (client disconnected): nobody will read more.
            throw StreamException.Failed("the reader of this body has gone away");
        }
    }
}
