namespace Capsule.Wasi.Io;

/// <summary>wasi:io/streams input-stream. Reads throw <see cref="StreamException"/> at the end or on failure.</summary>
public abstract class InputStream : IDisposable
{
    /// <summary>Most bytes one read returns: a guest asking for more gets this many.</summary>
    protected const int MaxChunk = 64 * 1024;

    /// <summary>Up to <paramref name="length"/> bytes available now (possibly none); closed at the end.</summary>
    public abstract byte[] Read(ulong length);

    /// <summary>Waits for at least one byte (or the end), then reads like <see cref="Read"/>; the wait ends at <paramref name="deadline"/>.</summary>
    public virtual byte[] BlockingRead(ulong length, RunDeadline deadline)
    {
        Subscribe().Block(deadline);
        return Read(length);
    }

    /// <summary>Skips up to <paramref name="length"/> bytes; returns how many.</summary>
    public virtual ulong Skip(ulong length) => (ulong)Read(length).Length;

    /// <summary>Ready when bytes or the end are available.</summary>
    public virtual Pollable Subscribe() => ReadyPollable.Instance;

    /// <summary>Releases what the stream holds.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>
    /// A read of up to <paramref name="length"/> bytes (at most <see cref="MaxChunk"/>) by <paramref name="read"/>, which
    /// fills the buffer and returns how many bytes it read: 0 is the end (the stream is closed), an I/O error fails it.
    /// </summary>
    protected static byte[] ReadChunk(ulong length, Func<byte[], int> read)
    {
        if (length == 0)
        {
            return [];
        }
        var buffer = new byte[(int)Math.Min(length, MaxChunk)];
        int count;
        try
        {
            count = read(buffer);
        }
        catch (IOException e)
        {
            throw StreamException.Failed(e.Message);
        }
        return count == 0 ? throw StreamException.Closed() : buffer[..count];
    }
}

/// <summary>An input stream that is at its end from the start (stdin with nothing granted).</summary>
public sealed class EmptyInputStream : InputStream
{
    /// <inheritdoc/>
    public override byte[] Read(ulong length) => throw StreamException.Closed();
}

/// <summary>An input stream over a .NET stream read synchronously (a file, the process stdin).</summary>
public sealed class DotnetInputStream(Stream stream, bool ownsStream) : InputStream
{
    /// <inheritdoc/>
    public override byte[] Read(ulong length) => ReadChunk(length, buffer => stream.Read(buffer));

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
