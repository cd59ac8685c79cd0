using System.Text;

namespace Capsule.Runtime.Native;

/// <summary>The scalars the WASI bindings never needed: s8, s16, f32, f64 and char.</summary>
public readonly unsafe ref partial struct ValRef
{
    /// <summary>s8.</summary>
    public sbyte S8 => (sbyte)Expect(ComponentValKind.S8)->Scalar;

    /// <summary>s16.</summary>
    public short S16 => (short)Expect(ComponentValKind.S16)->Scalar;

    /// <summary>f32.</summary>
    public float F32 => BitConverter.Int32BitsToSingle((int)Expect(ComponentValKind.F32)->Scalar);

    /// <summary>f64.</summary>
    public double F64 => BitConverter.Int64BitsToDouble((long)Expect(ComponentValKind.F64)->Scalar);

    /// <summary>char: a Unicode scalar value (Wasmtime has checked it is one).</summary>
    public Rune Char => new((uint)Expect(ComponentValKind.Char)->Scalar);

    /// <summary>Writes an s8.</summary>
    public void SetS8(sbyte value) => SetScalar(ComponentValKind.S8, (byte)value);

    /// <summary>Writes an s16.</summary>
    public void SetS16(short value) => SetScalar(ComponentValKind.S16, (ushort)value);

    /// <summary>Writes an f32.</summary>
    public void SetF32(float value) => SetScalar(ComponentValKind.F32, (uint)BitConverter.SingleToInt32Bits(value));

    /// <summary>Writes an f64.</summary>
    public void SetF64(double value) => SetScalar(ComponentValKind.F64, (ulong)BitConverter.DoubleToInt64Bits(value));

    /// <summary>Writes a char.</summary>
    public void SetChar(Rune value) => SetScalar(ComponentValKind.Char, (uint)value.Value);
}
