using System.Text;

namespace Capsule.Runtime.Inspection;

/// <summary>
/// Reads the primitive encodings of the WebAssembly binary format (bytes, LEB128 integers,
/// names) from a span, for the readers that look at a binary before it is compiled. Every read
/// past the end, and every integer longer than its type allows, throws <see cref="FormatException"/>.
/// </summary>
internal ref struct WasmCursor(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    /// <summary>The offset of the next byte.</summary>
    public int Position { get; private set; }

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool AtEnd => Position >= _bytes.Length;

    public byte ReadByte() =>
        Position < _bytes.Length ? _bytes[Position++] : throw new FormatException($"unexpected end at offset {Position}");

    public uint ReadU32() => (uint)ReadUnsigned(32);

    public ulong ReadU64() => ReadUnsigned(64);

    /// <summary>A signed LEB128 of up to 33 bits (a heap type or block type), skipped.</summary>
    public void SkipS33() => ReadUnsigned(35);

    /// <summary>The next <paramref name="length"/> bytes, bounded by what is left.</summary>
    public ReadOnlySpan<byte> ReadBytes(uint length)
    {
        if (length > (uint)(_bytes.Length - Position))
        {
            throw new FormatException($"length {length} at offset {Position} runs past the end");
        }
        var slice = _bytes.Slice(Position, (int)length);
        Position += (int)length;
        return slice;
    }

    /// <summary>A length-prefixed UTF-8 name.</summary>
    public string ReadName() => Encoding.UTF8.GetString(ReadBytes(ReadU32()));

    // LEB128: 7 bits a byte; at most ceil(bits / 7) bytes.
    private ulong ReadUnsigned(int bits)
    {
        ulong value = 0;
        for (var shift = 0; shift < bits + 6; shift += 7)
        {
            var b = ReadByte();
            if (shift < 64)
            {
                value |= (ulong)(b & 0x7f) << shift;
            }
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new FormatException($"integer too long at offset {Position}");
    }
}
