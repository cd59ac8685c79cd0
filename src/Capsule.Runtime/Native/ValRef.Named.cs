namespace Capsule.Runtime.Native;

/// <summary>
/// Enums, variants, flags and records read and written by index into their <see cref="ValNames"/> (what generated
/// glue uses): no string is built or decoded per call.
/// </summary>
public readonly unsafe ref partial struct ValRef
{
    /// <summary>The index in <paramref name="cases"/> of an enum's case.</summary>
    public int EnumIndex(ValNames cases)
    {
        var v = Expect(ComponentValKind.Enum);
        return cases.IndexOf(new ReadOnlySpan<byte>((byte*)v->Data, checked((int)v->Length)));
    }

    /// <summary>The index in <paramref name="cases"/> of a variant's case (its payload is <see cref="VariantPayload"/>).</summary>
    public int VariantIndex(ValNames cases)
    {
        var name = (WasmNameNative*)((byte*)Expect(ComponentValKind.Variant) + 8);
        return cases.IndexOf(new ReadOnlySpan<byte>((byte*)name->Data, checked((int)name->Size)));
    }

    /// <summary>The flags that are set, as bits: flag <c>i</c> of <paramref name="flags"/> is <c>1u &lt;&lt; i</c>.</summary>
    public uint FlagBits(ValNames flags)
    {
        var v = Expect(ComponentValKind.Flags);
        var bits = 0u;
        for (var i = 0; i < checked((int)v->Length); i++)
        {
            var name = (WasmNameNative*)v->Data + i;
            bits |= 1u << flags.IndexOf(new ReadOnlySpan<byte>((byte*)name->Data, checked((int)name->Size)));
        }
        return bits;
    }

    /// <summary>Writes enum case <paramref name="index"/> of <paramref name="cases"/>.</summary>
    public void SetEnum(ValNames cases, int index)
    {
        var name = cases.Utf8(index);
        _val->Kind = ComponentValKind.Enum;
        WriteUtf8((byte*)_val + 8, name);
    }

    /// <summary>Writes variant case <paramref name="index"/>; returns the payload to fill when <paramref name="hasPayload"/>.</summary>
    public ValRef SetVariant(ValNames cases, int index, bool hasPayload)
    {
        var name = cases.Utf8(index);
        _val->Kind = ComponentValKind.Variant;
        WriteUtf8((byte*)_val + 8, name);
        _val->VariantPayload = hasPayload ? (IntPtr)NewBox() : IntPtr.Zero;
        return new ValRef((ComponentValNative*)_val->VariantPayload, _context);
    }

    /// <summary>Writes a flags value: flag <c>i</c> of <paramref name="flags"/> is set when bit <c>i</c> of <paramref name="bits"/> is.</summary>
    public void SetFlags(ValNames flags, uint bits)
    {
        if (flags.Count < 32 && bits >> flags.Count != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), $"flags 0x{bits:x} set a bit beyond {string.Join(", ", flags.Names)}");
        }
        _val->Kind = ComponentValKind.Flags;
        ComponentNative.wasmtime_component_valflags_new_uninit((ComponentValNative*)((byte*)_val + 8), (nuint)System.Numerics.BitOperations.PopCount(bits));
        var written = 0;
        for (var i = 0; i < flags.Count; i++)
        {
            if ((bits & (1u << i)) != 0)
            {
                WriteUtf8((byte*)((WasmNameNative*)_val->Data + written++), flags.Utf8(i));
            }
        }
    }

    /// <summary>Writes a record with the fields <paramref name="fields"/>; write each field with <see cref="Field"/>.</summary>
    public void SetRecord(ValNames fields)
    {
        _val->Kind = ComponentValKind.Record;
        ComponentNative.wasmtime_component_valrecord_new_uninit((ComponentValNative*)((byte*)_val + 8), (nuint)fields.Count);
        for (var i = 0; i < fields.Count; i++)
        {
            var entry = (byte*)_val->Data + (i * ComponentValNative.RecordEntrySize);
            WriteUtf8(entry, fields.Utf8(i));
            *(ComponentValNative*)(entry + 16) = default;
        }
    }

    // A wasm_byte_vec_t {size, data} allocated by Wasmtime, which frees it.
    private static void WriteUtf8(byte* vec, ReadOnlySpan<byte> utf8)
    {
        fixed (byte* p = utf8)
        {
            ComponentNative.wasm_byte_vec_new(vec, (nuint)utf8.Length, p);
        }
    }
}
