namespace Capsule.Runtime.Native;

/// <summary>The kind byte of a <c>wasmtime_component_val_t</c> (WASMTIME_COMPONENT_*), measured on 50.0.1.</summary>
public enum ComponentValKind : byte
{
    /// <summary>bool</summary>
    Bool = 0,
    /// <summary>s8</summary>
    S8 = 1,
    /// <summary>u8</summary>
    U8 = 2,
    /// <summary>s16</summary>
    S16 = 3,
    /// <summary>u16</summary>
    U16 = 4,
    /// <summary>s32</summary>
    S32 = 5,
    /// <summary>u32</summary>
    U32 = 6,
    /// <summary>s64</summary>
    S64 = 7,
    /// <summary>u64</summary>
    U64 = 8,
    /// <summary>f32</summary>
    F32 = 9,
    /// <summary>f64</summary>
    F64 = 10,
    /// <summary>char</summary>
    Char = 11,
    /// <summary>string</summary>
    String = 12,
    /// <summary>list</summary>
    List = 13,
    /// <summary>record</summary>
    Record = 14,
    /// <summary>tuple</summary>
    Tuple = 15,
    /// <summary>variant</summary>
    Variant = 16,
    /// <summary>enum</summary>
    Enum = 17,
    /// <summary>option</summary>
    Option = 18,
    /// <summary>result</summary>
    Result = 19,
    /// <summary>flags</summary>
    Flags = 20,
    /// <summary>own or borrow resource handle</summary>
    Resource = 21,
    /// <summary>map</summary>
    Map = 22,
}
