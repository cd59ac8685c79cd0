using Capsule.Runtime.Native;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Cli;

/// <summary>
/// The host process's stdout or stderr as a guest's output stream, buffered
/// as C's stdio buffers it: bytes go to the file descriptor when the buffer
/// fills, at each newline when a terminal is attached, and when the run ends
/// (<see cref="Drain"/>, <see cref="Dispose"/>). The guest's own flushes hand
/// bytes to the host, not to the OS: a guest writing 1 KiB at a time would
/// otherwise cost a system call per KiB. A reader that has gone away (EPIPE,
/// <c>| head</c>) closes the stream, so the guest learns of it and stops;
/// .NET's console streams swallow EPIPE, so the descriptor is written directly,
/// with write(2) at the open file's own offset (a FileStream would pwrite at a
/// position of its own and overwrite what the other stream, or the shell, wrote
/// to the same file). The pair made by <see cref="Pair"/> keeps the guest's order
/// across both streams: before one buffers bytes, the other's are written.
/// </summary>
public sealed class StdioOutput : OutputStream
{
    private const int Capacity = 64 * 1024;
    private const int BrokenPipe = 32; // EPIPE

    private readonly int _fd;
    private readonly bool _lineBuffered;
    private readonly byte[] _buffer = new byte[Capacity];
    private StdioOutput? _sibling;
    private int _count;
    private bool _closed;

    /// <summary>Wraps descriptor <paramref name="fd"/> (1 or 2), which stays open.</summary>
    /// <param name="fd">The host's file descriptor.</param>
    /// <param name="terminal">Whether a terminal is attached: then each line is written as it ends.</param>
    public StdioOutput(int fd, bool terminal)
    {
        _fd = fd;
        _lineBuffered = terminal;
    }

    /// <summary>
    /// The host's stdout and stderr, each line-buffered on a terminal, written in the order the
    /// guest wrote them (what <c>capsule run x.wasm &gt; f 2&gt;&amp;1</c> must show).
    /// </summary>
    public static (StdioOutput Stdout, StdioOutput Stderr) Pair()
    {
        var stdout = new StdioOutput(1, !Console.IsOutputRedirected);
        var stderr = new StdioOutput(2, !Console.IsErrorRedirected);
        stdout._sibling = stderr;
        stderr._sibling = stdout;
        return (stdout, stderr);
    }

    /// <inheritdoc/>
    public override ulong CheckWrite()
    {
        ThrowIfClosed();
        return Capacity;
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> contents)
    {
        ThrowIfClosed();
        DrainSibling();
        var endsLine = _lineBuffered && contents.Contains((byte)'\n');
        while (!contents.IsEmpty)
        {
            if (_count == Capacity)
            {
                Drain();
            }
            var chunk = Math.Min(contents.Length, Capacity - _count);
            contents[..chunk].CopyTo(_buffer.AsSpan(_count));
            _count += chunk;
            contents = contents[chunk..];
        }
        if (endsLine)
        {
            Drain();
        }
    }

    /// <inheritdoc/>
    public override void Flush() => ThrowIfClosed();

    /// <summary>
    /// Writes the buffered bytes to the descriptor. A closed reader throws
    /// <see cref="StreamException.Closed"/>, another failure
    /// <see cref="StreamException.Failed"/>; either way the stream is closed after.
    /// </summary>
    public void Drain()
    {
        if (_count == 0 || _closed)
        {
            return;
        }
        var count = _count;
        _count = 0;
        var errno = Descriptors.WriteAll(_fd, _buffer.AsSpan(0, count));
        if (errno != 0)
        {
            _closed = true;
            throw errno == BrokenPipe
                ? StreamException.Closed()
                : StreamException.Failed(System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));
        }
    }

    // The other stream's bytes were written by the guest before these: they go out first.
    // Its failure is its own: that stream is closed and tells the guest on its next write.
    private void DrainSibling()
    {
        try
        {
            _sibling?.Drain();
        }
        catch (StreamException)
        {
        }
    }

    /// <summary>Writes what is left; a reader that has gone away no longer matters.</summary>
    public override void Dispose()
    {
        try
        {
            Drain();
        }
        catch (StreamException)
        {
            // The run is over; there is nobody left to tell.
        }
        base.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw StreamException.Closed();
        }
    }
}
