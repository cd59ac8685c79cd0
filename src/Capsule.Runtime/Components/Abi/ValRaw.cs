using System.Runtime.InteropServices;

namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// <c>wasmtime_val_raw_t</c>: one core value of a call made without per-value boxing (16 bytes,
/// little-endian; i32/i64/f32/f64 in the low bytes). Arguments and results share one span.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
public struct ValRaw
{
    /// <summary>The value as an i32.</summary>
    [FieldOffset(0)] public int I32;

    /// <summary>The value as an i64.</summary>
    [FieldOffset(0)] public long I64;

    /// <summary>The value as an f32.</summary>
    [FieldOffset(0)] public float F32;

    /// <summary>The value as an f64.</summary>
    [FieldOffset(0)] public double F64;

    /// <summary>The i32 as the unsigned 32-bit number a pointer, length, handle or u32 is.</summary>
    public uint U32
    {
        readonly get => (uint)I32;
        set => I64 = value; // the upper bytes of a raw i32 are unspecified; writing through I64 zeroes them
    }

    /// <summary>A raw i32 value.</summary>
    public static ValRaw FromI32(int value) => new() { I64 = (uint)value };

    /// <summary>A raw i64 value.</summary>
    public static ValRaw FromI64(long value) => new() { I64 = value };

    /// <summary>A raw f32 value.</summary>
    public static ValRaw FromF32(float value) => new() { F32 = value };

    /// <summary>A raw f64 value.</summary>
    public static ValRaw FromF64(double value) => new() { F64 = value };
}

/// <summary>Core wasm value types of a flattened signature.</summary>
public enum CoreValType : byte
{
    /// <summary>i32.</summary>
    I32,

    /// <summary>i64.</summary>
    I64,

    /// <summary>f32.</summary>
    F32,

    /// <summary>f64.</summary>
    F64,
}
