using Capsule.Wasi.Io;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Wasi.Cli;

/// <summary>
/// The host process's stdout or stderr as a guest's output stream, buffered
/// as C's stdio buffers it: bytes go to the file descriptor when the buffer
/// fills, at each newline when a terminal is attached, and when the run ends
/// (<see cref="Drain"/>, <see cref="Dispose"/>). The guest's own flushes hand
/// bytes to the host, not to the OS: a guest writing 1 KiB at a time would
/// otherwise cost a system call per KiB. A reader that has gone away (EPIPE,
/// <c>| head</c>) closes the stream, so the guest learns of it and stops;
/// .NET's console streams swallow EPIPE, so the descriptor is written directly.
/// </summary>
public sealed class StdioOutput : OutputStream
{
    private const int Capacity = 64 * 1024;
    private const int BrokenPipe = 32; // EPIPE

    private readonly FileStream _stream;
    private readonly bool _lineBuffered;
    private readonly byte[] _buffer = new byte[Capacity];
    private int _count;
    private bool _closed;

    /// <summary>Wraps descriptor <paramref name="fd"/> (1 or 2), which stays open.</summary>
    /// <param name="fd">The host's file descriptor.</param>
    /// <param name="terminal">Whether a terminal is attached: then each line is written as it ends.</param>
    public StdioOutput(int fd, bool terminal)
    {
        _stream = new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        _lineBuffered = terminal;
    }

    /// <summary>The host's stdout, line-buffered on a terminal.</summary>
    public static StdioOutput Stdout() => new(1, !Console.IsOutputRedirected);

    /// <summary>The host's stderr, line-buffered on a terminal.</summary>
    public static StdioOutput Stderr() => new(2, !Console.IsErrorRedirected);

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
        try
        {
            _stream.Write(_buffer, 0, count);
        }
        catch (IOException e)
        {
            _closed = true;
            throw e.HResult == BrokenPipe ? StreamException.Closed() : StreamException.Failed(e.Message);
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
        _stream.Dispose();
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
