namespace Capsule.Wasi.Io;

/// <summary>
/// wasi:io/streams output-stream. The guest asks <see cref="CheckWrite"/> how
/// much it may write, writes at most that, and flushes. Failures throw
/// <see cref="StreamException"/>.
/// </summary>
public abstract class OutputStream : IDisposable
{
    /// <summary>Bytes the guest may write now without blocking (4096 is the spec's floor for blocking writes).</summary>
    public virtual ulong CheckWrite() => 64 * 1024;

    /// <summary>Writes bytes the guest was permitted by <see cref="CheckWrite"/>.</summary>
    public abstract void Write(ReadOnlySpan<byte> contents);

    /// <summary>Starts flushing buffered bytes.</summary>
    public virtual void Flush()
    {
    }

    /// <summary>Flushes and waits until done, or until <paramref name="deadline"/> stops the run (throws).</summary>
    public virtual void BlockingFlush(RunDeadline deadline) => Flush();

    /// <summary>Writes, then flushes and waits (until <paramref name="deadline"/> at most).</summary>
    public void BlockingWriteAndFlush(ReadOnlySpan<byte> contents, RunDeadline deadline)
    {
        if ((ulong)contents.Length > 4096)
        {
            throw new InvalidOperationException("blocking-write-and-flush takes at most 4096 bytes");
        }
        Write(contents);
        BlockingFlush(deadline);
    }

    /// <summary>Writes <paramref name="length"/> zero bytes.</summary>
    public void WriteZeroes(ulong length)
    {
        Span<byte> zeros = stackalloc byte[1024];
        zeros.Clear();
        while (length > 0)
        {
            var chunk = (int)Math.Min(length, (ulong)zeros.Length);
            Write(zeros[..chunk]);
            length -= (ulong)chunk;
        }
    }

    /// <summary>Ready when <see cref="CheckWrite"/> would allow bytes.</summary>
    public virtual Pollable Subscribe() => ReadyPollable.Instance;

    /// <summary>Releases what the stream holds.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>An output stream whose every write goes to a callback (stdout, stderr).</summary>
public sealed class CallbackOutputStream(Action<ReadOnlySpan<byte>> write) : OutputStream
{
    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> contents) => write(contents);
}

/// <summary>An output stream over a .NET stream (a file).</summary>
public sealed class DotnetOutputStream(Stream stream, bool ownsStream) : OutputStream
{
    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> contents)
    {
        try
        {
            stream.Write(contents);
        }
        catch (IOException e)
        {
            throw StreamException.Failed(e.Message);
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        try
        {
            stream.Flush();
        }
        catch (IOException e)
        {
            throw StreamException.Failed(e.Message);
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        if (ownsStream)
        {
            stream.Dispose();
        }
        base.Dispose();
    }
}
