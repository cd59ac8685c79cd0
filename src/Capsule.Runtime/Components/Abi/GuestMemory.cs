using System.Buffers.Binary;
using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// The only access to a guest's linear memory. It holds the memory's base and size as read at one
/// moment; every <c>(ptr, len, align)</c> is checked against that size in 64-bit arithmetic before a
/// span is made, and a failed check throws <see cref="CanonTrapException"/> (the canonical ABI's trap).
/// A ref struct, so neither it nor its spans can be kept past the host call that read it; anything that
/// runs wasm (a <c>realloc</c>) can grow or move the memory, so it is read again after
/// (<see cref="CanonCall.Realloc"/> does this).
/// </summary>
public readonly unsafe ref struct GuestMemory
{
    private readonly byte* _base;
    private readonly ulong _size;

    private GuestMemory(byte* @base, ulong size)
    {
        _base = @base;
        _size = @base == null ? 0 : size;
    }

    /// <summary>The memory's size in bytes when it was read.</summary>
    public ulong Size => _size;

    /// <summary>False for canonical options without a memory: every access traps.</summary>
    public bool IsPresent => _base != null;

    /// <summary>The memory <paramref name="memory"/> of the store <paramref name="context"/>, read now.</summary>
    internal static GuestMemory Read(IntPtr context, scoped in WasmtimeMemory memory) =>
        new(CoreFuncNative.wasmtime_memory_data(context, memory), CoreFuncNative.wasmtime_memory_data_size(context, memory));

    /// <summary>
    /// Checks that <paramref name="length"/> bytes at <paramref name="ptr"/> lie inside the memory and that
    /// <paramref name="ptr"/> is a multiple of <paramref name="align"/> (a power of two); traps otherwise.
    /// Call it before allocating anything sized by a guest's length.
    /// </summary>
    public void Check(uint ptr, ulong length, uint align)
    {
        if (_base == null)
        {
            throw new CanonTrapException("the canonical options have no memory");
        }
        if (align == 0 || (align & (align - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(align), align, "an alignment is a power of two");
        }
        if ((ptr & (align - 1)) != 0)
        {
            throw new CanonTrapException($"unaligned pointer: {ptr} is not a multiple of {align}");
        }
        // ptr < 2^32 and length < 2^64 - 2^32 here, so the sum cannot wrap.
        if (length > _size || ptr > _size - length)
        {
            throw new CanonTrapException($"out of bounds: {length} bytes at {ptr} in a memory of {_size} bytes");
        }
    }

    /// <summary>
    /// Checks an array of <paramref name="count"/> elements of <paramref name="elementSize"/> bytes at
    /// <paramref name="ptr"/> (the product in 64 bits) and returns its length in bytes.
    /// </summary>
    public ulong CheckArray(uint ptr, uint count, uint elementSize, uint align)
    {
        var length = (ulong)count * elementSize; // at most (2^32-1)^2: no overflow in 64 bits
        Check(ptr, length, align);
        return length;
    }

    /// <summary>The <paramref name="length"/> bytes at <paramref name="ptr"/>, checked; valid until the next call into wasm.</summary>
    public Span<byte> Bytes(uint ptr, ulong length, uint align = 1)
    {
        Check(ptr, length, align);
        if (length > int.MaxValue)
        {
            throw new CanonTrapException($"{length} bytes at {ptr} exceed what one host buffer holds");
        }
        return new Span<byte>(_base + ptr, (int)length);
    }

    /// <summary>Reads a u8.</summary>
    public byte U8(uint ptr) => Bytes(ptr, 1)[0];

    /// <summary>Reads a little-endian u16 at a 2-aligned pointer.</summary>
    public ushort U16(uint ptr) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(ptr, 2, 2));

    /// <summary>Reads a little-endian u32 at a 4-aligned pointer.</summary>
    public uint U32(uint ptr) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(ptr, 4, 4));

    /// <summary>Reads a little-endian u64 at an 8-aligned pointer.</summary>
    public ulong U64(uint ptr) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(ptr, 8, 8));

    /// <summary>Reads an f32 at a 4-aligned pointer.</summary>
    public float F32(uint ptr) => BinaryPrimitives.ReadSingleLittleEndian(Bytes(ptr, 4, 4));

    /// <summary>Reads an f64 at an 8-aligned pointer.</summary>
    public double F64(uint ptr) => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(ptr, 8, 8));

    /// <summary>Writes a u8.</summary>
    public void SetU8(uint ptr, byte value) => Bytes(ptr, 1)[0] = value;

    /// <summary>Writes a little-endian u16 at a 2-aligned pointer.</summary>
    public void SetU16(uint ptr, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes(ptr, 2, 2), value);

    /// <summary>Writes a little-endian u32 at a 4-aligned pointer.</summary>
    public void SetU32(uint ptr, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Bytes(ptr, 4, 4), value);

    /// <summary>Writes a little-endian u64 at an 8-aligned pointer.</summary>
    public void SetU64(uint ptr, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Bytes(ptr, 8, 8), value);

    /// <summary>Writes an f32 at a 4-aligned pointer.</summary>
    public void SetF32(uint ptr, float value) => BinaryPrimitives.WriteSingleLittleEndian(Bytes(ptr, 4, 4), value);

    /// <summary>Writes an f64 at an 8-aligned pointer.</summary>
    public void SetF64(uint ptr, double value) => BinaryPrimitives.WriteDoubleLittleEndian(Bytes(ptr, 8, 8), value);
}
