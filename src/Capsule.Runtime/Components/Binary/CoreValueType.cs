namespace Capsule.Runtime.Components.Binary;

/// <summary>A core value type as the binary encodes it (numbers, vectors and the two abbreviated reference types).</summary>
public enum CoreValueType : byte
{
    /// <summary>32-bit integer.</summary>
    I32 = 0x7f,

    /// <summary>64-bit integer.</summary>
    I64 = 0x7e,

    /// <summary>32-bit float.</summary>
    F32 = 0x7d,

    /// <summary>64-bit float.</summary>
    F64 = 0x7c,

    /// <summary>128-bit vector.</summary>
    V128 = 0x7b,

    /// <summary>Nullable function reference.</summary>
    FuncRef = 0x70,

    /// <summary>Nullable external reference.</summary>
    ExternRef = 0x6f,
}
