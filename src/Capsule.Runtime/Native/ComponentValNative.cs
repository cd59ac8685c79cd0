using System.Runtime.InteropServices;

namespace Capsule.Runtime.Native;

/// <summary>
/// <c>wasmtime_component_val_t</c>: a kind byte at 0 and a 24-byte union at 8
/// (32 bytes; shared/notes/wasmtime-c-api.md). Payloads by kind: scalars at 8;
/// string/list/record/tuple/flags/enum: size at 8, pointer at 16; variant:
/// name {size, ptr} at 8..24, boxed payload at 24; option: boxed payload at 8
/// (null = none); result: is_ok at 8, boxed payload at 16; resource: any* at 8.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct ComponentValNative
{
    public const int Size = 32;

    /// <summary>A record field: wasm_name_t {size, ptr} then the value.</summary>
    public const int RecordEntrySize = 48;

    [FieldOffset(0)]
    public ComponentValKind Kind;

    [FieldOffset(8)]
    public ulong Scalar;

    [FieldOffset(8)]
    public nuint Length;

    [FieldOffset(16)]
    public IntPtr Data;

    [FieldOffset(8)]
    public IntPtr Boxed;

    [FieldOffset(24)]
    public IntPtr VariantPayload;

    [FieldOffset(16)]
    public IntPtr ResultPayload;
}
