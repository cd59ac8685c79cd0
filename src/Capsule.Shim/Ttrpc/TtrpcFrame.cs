using System.Buffers.Binary;

namespace Capsule.Shim.Ttrpc;

/// <summary>
/// One ttrpc frame: a 10-byte header (data length u32 big-endian, stream id
/// u32 big-endian, message type u8, flags u8) and the data, a protobuf
/// message. The protocol caps data at 4 MiB; a longer frame ends the connection.
/// </summary>
internal readonly record struct TtrpcFrame(uint StreamId, byte Type, byte Flags, byte[] Data)
{
    /// <summary>Message type of a request (starts a stream).</summary>
    public const byte Request = 1;

    /// <summary>Message type of a response (ends a stream).</summary>
    public const byte Response = 2;

    /// <summary>The largest data a frame may carry.</summary>
    public const int MaxDataLength = 4 << 20;

    private const int HeaderLength = 10;

    /// <summary>The next frame, or null at a clean end of stream (no partial header).</summary>
    public static async Task<TtrpcFrame?> ReadAsync(Stream stream, CancellationToken cancellation)
    {
        var header = new byte[HeaderLength];
        var read = await stream.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellation);
        if (read == 0)
        {
            return null;
        }
        if (read < HeaderLength)
        {
            throw new IOException($"ttrpc: the connection ended inside a frame header ({read} of {HeaderLength} bytes)");
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > MaxDataLength)
        {
            throw new IOException($"ttrpc: a frame of {length} bytes is over the protocol's {MaxDataLength}-byte limit");
        }
        var data = new byte[length];
        await stream.ReadExactlyAsync(data, cancellation);
        return new TtrpcFrame(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)), header[8], header[9], data);
    }

    /// <summary>Writes this frame as one buffer (frames from several streams interleave whole, never mixed).</summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellation)
    {
        if (Data.Length > MaxDataLength)
        {
            throw new IOException($"ttrpc: a reply of {Data.Length} bytes is over the protocol's {MaxDataLength}-byte limit");
        }
        var buffer = new byte[HeaderLength + Data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)Data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), StreamId);
        buffer[8] = Type;
        buffer[9] = Flags;
        Data.CopyTo(buffer, HeaderLength);
        await stream.WriteAsync(buffer, cancellation);
        await stream.FlushAsync(cancellation);
    }
}
