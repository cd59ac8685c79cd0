using System.Runtime.InteropServices;
using System.Text;

namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// Lifting of canonical ABI values out of flat values and guest memory, with the spec's traps
/// (invalid UTF-8 or <c>char</c>, bad discriminants, out-of-bounds and unaligned pointers). Generated
/// lowerings and liftings call these; nothing here holds a pointer.
/// </summary>
public static class CanonLift
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A bool: any non-zero i32 is true.</summary>
    public static bool Bool(int value) => value != 0;

    /// <summary>A <c>char</c>: a Unicode scalar value, else a trap.</summary>
    public static Rune Char(uint value) =>
        Rune.IsValid(value) ? new Rune(value) : throw new CanonTrapException($"invalid char: 0x{value:x}");

    /// <summary>A variant, enum or option discriminant below <paramref name="cases"/>, else a trap.</summary>
    public static uint Case(uint value, uint cases) =>
        value < cases ? value : throw new CanonTrapException($"invalid discriminant {value} for {cases} cases");

    /// <summary>A UTF-8 string of <paramref name="length"/> bytes at <paramref name="ptr"/>, validated (a trap when invalid).</summary>
    public static string String(GuestMemory memory, uint ptr, uint length)
    {
        var bytes = memory.Bytes(ptr, length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CanonTrapException($"invalid UTF-8 in a string of {length} bytes at {ptr}");
        }
    }

    /// <summary>A <c>list&lt;u8&gt;</c> as a span over guest memory: valid until the next call into wasm (copy what you keep).</summary>
    public static ReadOnlySpan<byte> Bytes(GuestMemory memory, uint ptr, uint length) => memory.Bytes(ptr, length);

    /// <summary>
    /// A list of <paramref name="count"/> little-endian scalars (<c>u16</c>..<c>f64</c>) at <paramref name="ptr"/>,
    /// copied in bulk; bounds and alignment (the element's size) are checked before the array is allocated.
    /// </summary>
    public static T[] Scalars<T>(GuestMemory memory, uint ptr, uint count)
        where T : unmanaged
    {
        var size = (uint)Marshal.SizeOf<T>();
        var bytes = memory.Bytes(ptr, memory.CheckArray(ptr, count, size, size), size);
        if (!BitConverter.IsLittleEndian && size > 1)
        {
            throw new PlatformNotSupportedException("the canonical ABI's bulk copies assume a little-endian host");
        }
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    /// <summary>
    /// The count of a list of <paramref name="count"/> elements of <paramref name="elementSize"/> bytes at
    /// <paramref name="ptr"/>, checked against the memory before the caller allocates anything for it.
    /// </summary>
    public static int Count(GuestMemory memory, uint ptr, uint count, uint elementSize, uint align)
    {
        memory.CheckArray(ptr, count, elementSize, align);
        return count <= int.MaxValue ? (int)count : throw new CanonTrapException($"a list of {count} elements is too long");
    }
}
