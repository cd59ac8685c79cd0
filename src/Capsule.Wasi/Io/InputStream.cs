namespace Capsule.Wasi.Io;

/// <summary>wasi:io/streams input-stream. Reads throw <see cref="StreamException"/> at the end or on failure.</summary>
public abstract class InputStream : IDisposable
{
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
    private const int MaxChunk = 64 * 1024;

    /// <inheritdoc/>
    public override byte[] Read(ulong length)
    {
        if (length == 0)
        {
            return [];
        }
        var buffer = new byte[(int)Math.Min(length, MaxChunk)];
        int read;
        try
        {
            read = stream.Read(buffer);
        }
        catch (IOException e)
        {
            throw StreamException.Failed(e.Message);
        }
        return read == 0 ? throw StreamException.Closed() : buffer[..read];
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
