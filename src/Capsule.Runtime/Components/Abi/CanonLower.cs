using System.Runtime.InteropServices;
using System.Text;

namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// Lowering of canonical ABI values into guest memory through the guest's <c>realloc</c>
/// (<see cref="CanonCall.Realloc"/>: the memory is re-read after it, and the block checked).
/// </summary>
public static class CanonLower
{
    // TCall is a CanonCall (host results into the guest) or a LiftedCall (host arguments into an export).
    /// <summary>An enum's discriminant: a C# value outside the WIT cases (an undefined enum value) traps.</summary>
    public static uint Case(uint value, uint cases) =>
        value < cases ? value : throw new CanonTrapException($"{value} is not one of the {cases} cases of the enum");

    /// <summary>Copies <paramref name="value"/> into a new UTF-8 block; returns its pointer and byte length.</summary>
    public static (uint Ptr, uint Length) String<TCall>(ref TCall call, string value)
        where TCall : ICanonAllocator, allows ref struct
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length == 0)
        {
            return (call.Realloc(1, 0), 0);
        }
        var ptr = call.Realloc(1, (uint)length);
        Encoding.UTF8.GetBytes(value, call.Memory.Bytes(ptr, (uint)length));
        return (ptr, (uint)length);
    }

    /// <summary>Copies <paramref name="value"/> (a <c>list&lt;u8&gt;</c>) into a new block; returns its pointer and length.</summary>
    public static (uint Ptr, uint Length) Bytes<TCall>(ref TCall call, ReadOnlySpan<byte> value)
        where TCall : ICanonAllocator, allows ref struct
    {
        var ptr = call.Realloc(1, (uint)value.Length);
        value.CopyTo(call.Memory.Bytes(ptr, (uint)value.Length));
        return (ptr, (uint)value.Length);
    }

    /// <summary>Copies little-endian scalars (<c>u16</c>..<c>f64</c>) in bulk into a new block aligned to their size.</summary>
    public static (uint Ptr, uint Count) Scalars<T, TCall>(ref TCall call, ReadOnlySpan<T> values)
        where T : unmanaged
        where TCall : ICanonAllocator, allows ref struct
    {
        var size = (uint)Marshal.SizeOf<T>();
        var length = checked((uint)values.Length * size);
        var ptr = call.Realloc(size, length);
        var target = call.Memory.Bytes(ptr, length, size);
        MemoryMarshal.AsBytes(values).CopyTo(target);
        if (!BitConverter.IsLittleEndian && size > 1)
        {
            throw new PlatformNotSupportedException("the canonical ABI's bulk copies assume a little-endian host");
        }
        return (ptr, (uint)values.Length);
    }

    /// <summary>A new block of <paramref name="count"/> elements of <paramref name="elementSize"/> bytes (records, variants...), for per-element stores.</summary>
    public static uint Array<TCall>(ref TCall call, int count, uint elementSize, uint align)
        where TCall : ICanonAllocator, allows ref struct
    {
        var length = (ulong)(uint)count * elementSize;
        if (length > uint.MaxValue)
        {
            throw new CanonTrapException($"a list of {count} elements of {elementSize} bytes does not fit in a 32-bit memory");
        }
        return call.Realloc(align, (uint)length);
    }
}
