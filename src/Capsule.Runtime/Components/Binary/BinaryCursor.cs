using System.Text;

namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// Reads the primitive encodings of the Wasm binary format (LEB128 integers, bytes, names) from
/// a span, throwing <see cref="ComponentBinaryException"/> with the section and absolute offset
/// on any malformed or truncated value. Every length is checked against what is left before use.
/// </summary>
internal ref struct BinaryCursor
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _base;

    public BinaryCursor(ReadOnlySpan<byte> data, long baseOffset, string section, ComponentReaderLimits limits)
    {
        _data = data;
        _base = baseOffset;
        Section = section;
        Limits = limits;
    }

    /// <summary>The section named in errors.</summary>
    public string Section { get; set; }

    public ComponentReaderLimits Limits { get; }

    public int Position { get; private set; }

    public readonly long Offset => _base + Position;

    public readonly bool AtEnd => Position >= _data.Length;

    public readonly int Remaining => _data.Length - Position;

    public readonly ComponentBinaryException Error(string cause) => new(Section, Offset, cause);

    public readonly ComponentBinaryException ErrorAt(long offset, string cause) => new(Section, offset, cause);

    public byte ReadByte()
    {
        if (Position >= _data.Length)
        {
            throw Error("unexpected end of data");
        }
        return _data[Position++];
    }

    public readonly byte PeekByte() => Position < _data.Length ? _data[Position] : throw Error("unexpected end of data");

    public uint ReadU32()
    {
        var start = Offset;
        uint result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 28 && (b & 0x70) != 0)
            {
                throw ErrorAt(start, "integer too large for u32 (LEB128)");
            }
            result |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
            if (shift == 28)
            {
                throw ErrorAt(start, "LEB128 u32 longer than 5 bytes");
            }
        }
    }

    public ulong ReadU64()
    {
        var start = Offset;
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63 && (b & 0x7e) != 0)
            {
                throw ErrorAt(start, "integer too large for u64 (LEB128)");
            }
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
            if (shift == 63)
            {
                throw ErrorAt(start, "LEB128 u64 longer than 10 bytes");
            }
        }
    }

    /// <summary>A signed 33-bit LEB128 (core heap types and block types).</summary>
    public long ReadS33()
    {
        var start = Offset;
        long result = 0;
        var shift = 0;
        byte b;
        do
        {
            if (shift > 28)
            {
                throw ErrorAt(start, "LEB128 s33 longer than 5 bytes");
            }
            b = ReadByte();
            result |= (long)(b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0)
        {
            result |= -1L << shift;
        }
        if (result is < -(1L << 32) or >= 1L << 32)
        {
            throw ErrorAt(start, "integer out of range for s33 (LEB128)");
        }
        return result;
    }

    /// <summary>A vector length, bounded by the limit and by the bytes left (each element takes at least one byte).</summary>
    public int ReadCount(string what)
    {
        var start = Offset;
        var count = ReadU32();
        if (count > (ulong)Limits.MaxVectorLength)
        {
            throw ErrorAt(start, $"{what}: {count} entries is more than the limit of {Limits.MaxVectorLength}");
        }
        if (count > (ulong)Remaining)
        {
            throw ErrorAt(start, $"{what}: {count} entries cannot fit in the {Remaining} bytes left");
        }
        return (int)count;
    }

    public ReadOnlySpan<byte> ReadBytes(long length, string what)
    {
        if (length < 0 || length > Remaining)
        {
            throw Error($"{what}: {length} bytes run past the end ({Remaining} left)");
        }
        var bytes = _data.Slice(Position, (int)length);
        Position += (int)length;
        return bytes;
    }

    /// <summary>A name: u32 length and UTF-8 bytes, bounded by <see cref="ComponentReaderLimits.MaxNameBytes"/>.</summary>
    public string ReadName(string what)
    {
        var start = Offset;
        var length = ReadU32();
        if (length > (ulong)Limits.MaxNameBytes)
        {
            throw ErrorAt(start, $"{what}: a name of {length} bytes is longer than the limit of {Limits.MaxNameBytes}");
        }
        var bytes = ReadBytes(length, what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw ErrorAt(start, $"{what}: name is not valid UTF-8");
        }
    }

    /// <summary>A sub-cursor over the next <paramref name="length"/> bytes, which this cursor skips.</summary>
    public BinaryCursor Sub(long length, string what, string section)
    {
        var start = Offset;
        var bytes = ReadBytes(length, what);
        return new BinaryCursor(bytes, start, section, Limits);
    }

    public readonly ReadOnlySpan<byte> Rest => _data[Position..];

    public readonly void ExpectEnd(string what)
    {
        if (!AtEnd)
        {
            throw Error($"{what}: {Remaining} unexpected bytes at the end");
        }
    }
}
