namespace Capsule.Runtime.Components.Binary;

/// <summary>A primitive component value type; the values are the binary opcodes (0 is "not primitive").</summary>
public enum PrimitiveType : byte
{
    /// <summary>Not a primitive: the value type is a type index.</summary>
    None = 0,

    /// <summary>bool.</summary>
    Bool = 0x7f,

    /// <summary>s8.</summary>
    S8 = 0x7e,

    /// <summary>u8.</summary>
    U8 = 0x7d,

    /// <summary>s16.</summary>
    S16 = 0x7c,

    /// <summary>u16.</summary>
    U16 = 0x7b,

    /// <summary>s32.</summary>
    S32 = 0x7a,

    /// <summary>u32.</summary>
    U32 = 0x79,

    /// <summary>s64.</summary>
    S64 = 0x78,

    /// <summary>u64.</summary>
    U64 = 0x77,

    /// <summary>f32.</summary>
    F32 = 0x76,

    /// <summary>f64.</summary>
    F64 = 0x75,

    /// <summary>char (a Unicode scalar value).</summary>
    Char = 0x74,

    /// <summary>string.</summary>
    String = 0x73,

    /// <summary>error-context (WASI 0.3).</summary>
    ErrorContext = 0x64,
}
