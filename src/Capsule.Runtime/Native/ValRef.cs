using System.Text;

namespace Capsule.Runtime.Native;

/// <summary>
/// One component value in native memory, read or written in place: the
/// binding layer between WASI logic (plain C#) and Wasmtime's dynamic values.
/// Valid only during the call that handed it out (a ref struct cannot escape).
/// Writers allocate with Wasmtime's allocators, because Wasmtime frees results.
/// </summary>
public readonly unsafe ref partial struct ValRef
{
    private readonly ComponentValNative* _val;
    private readonly IntPtr _context;

    internal ValRef(ComponentValNative* val, IntPtr context)
    {
        _val = val;
        _context = context;
    }

    /// <summary>The value's kind.</summary>
    public ComponentValKind Kind => _val->Kind;

    // ---- reading ------------------------------------------------------------

    /// <summary>bool.</summary>
    public bool Bool => Expect(ComponentValKind.Bool)->Scalar != 0;

    /// <summary>u8.</summary>
    public byte U8 => (byte)Expect(ComponentValKind.U8)->Scalar;

    /// <summary>u16.</summary>
    public ushort U16 => (ushort)Expect(ComponentValKind.U16)->Scalar;

    /// <summary>u32.</summary>
    public uint U32 => (uint)Expect(ComponentValKind.U32)->Scalar;

    /// <summary>u64.</summary>
    public ulong U64 => Expect(ComponentValKind.U64)->Scalar;

    /// <summary>s32.</summary>
    public int S32 => (int)Expect(ComponentValKind.S32)->Scalar;

    /// <summary>s64.</summary>
    public long S64 => (long)Expect(ComponentValKind.S64)->Scalar;

    /// <summary>string, decoded from UTF-8.</summary>
    public string String
    {
        get
        {
            var v = Expect(ComponentValKind.String);
            return Encoding.UTF8.GetString((byte*)v->Data, checked((int)v->Length));
        }
    }

    /// <summary>The case name of an enum.</summary>
    public string EnumCase
    {
        get
        {
            var v = Expect(ComponentValKind.Enum);
            return Encoding.UTF8.GetString((byte*)v->Data, checked((int)v->Length));
        }
    }

    /// <summary>The names of the flags that are set.</summary>
    public IReadOnlyList<string> FlagNames
    {
        get
        {
            var v = Expect(ComponentValKind.Flags);
            var names = new string[checked((int)v->Length)];
            for (var i = 0; i < names.Length; i++)
            {
                var name = (WasmNameNative*)v->Data + i;
                names[i] = Encoding.UTF8.GetString((byte*)name->Data, checked((int)name->Size));
            }
            return names;
        }
    }

    /// <summary>The case name of a variant.</summary>
    public string VariantCase
    {
        get
        {
            var v = Expect(ComponentValKind.Variant);
            var name = (WasmNameNative*)((byte*)v + 8);
            return Encoding.UTF8.GetString((byte*)name->Data, checked((int)name->Size));
        }
    }

    /// <summary>The payload of a variant case (check the case has one).</summary>
    public ValRef VariantPayload => new((ComponentValNative*)Expect(ComponentValKind.Variant)->VariantPayload, _context);

    /// <summary>Number of elements of a list, tuple or record.</summary>
    public int Count => checked((int)_val->Length);

    /// <summary>Element <paramref name="index"/> of a list or tuple.</summary>
    public ValRef Item(int index)
    {
        if (_val->Kind is not (ComponentValKind.List or ComponentValKind.Tuple) || (uint)index >= _val->Length)
        {
            throw new InvalidOperationException($"no element {index} in a {_val->Kind}");
        }
        return new ValRef((ComponentValNative*)_val->Data + index, _context);
    }

    /// <summary>Field <paramref name="index"/> of a record, in declaration order.</summary>
    public ValRef Field(int index)
    {
        var v = Expect(ComponentValKind.Record);
        if ((uint)index >= v->Length)
        {
            throw new InvalidOperationException($"no field {index} in a record of {v->Length}");
        }
        var entry = (byte*)v->Data + (index * ComponentValNative.RecordEntrySize);
        return new ValRef((ComponentValNative*)(entry + 16), _context);
    }

    /// <summary>Copies a <c>list&lt;u8&gt;</c> into a new array (each byte is a 32-byte value natively).</summary>
    public byte[] ToBytes()
    {
        var v = Expect(ComponentValKind.List);
        var bytes = new byte[checked((int)v->Length)];
        var items = (ComponentValNative*)v->Data;
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)items[i].Scalar;
        }
        return bytes;
    }

    /// <summary>The payload of <c>some</c>, or false for <c>none</c>.</summary>
    public bool TryGetSome(out ValRef payload)
    {
        var v = Expect(ComponentValKind.Option);
        payload = new ValRef((ComponentValNative*)v->Boxed, _context);
        return v->Boxed != IntPtr.Zero;
    }

    /// <summary>A result: whether it is ok, and its payload if it has one.</summary>
    public bool IsOk(out ValRef payload, out bool hasPayload)
    {
        var v = Expect(ComponentValKind.Result);
        hasPayload = v->ResultPayload != IntPtr.Zero;
        payload = new ValRef((ComponentValNative*)v->ResultPayload, _context);
        return (v->Scalar & 0xff) != 0;
    }

    /// <summary>
    /// A host resource handle: its rep (the host's own id), its type and
    /// whether it is owned. Every borrow must be read this way, or Wasmtime
    /// traps the call ("borrow handles still remain").
    /// </summary>
    public (uint Rep, uint Type, bool Owned) Resource
    {
        get
        {
            var v = Expect(ComponentValKind.Resource);
            NativeError.ThrowIfError(ComponentNative.wasmtime_component_resource_any_to_host(_context, v->Boxed, out var host), "read resource handle");
            try
            {
                return (ComponentNative.wasmtime_component_resource_host_rep(host),
                    ComponentNative.wasmtime_component_resource_host_type(host),
                    ComponentNative.wasmtime_component_resource_host_owned(host));
            }
            finally
            {
                ComponentNative.wasmtime_component_resource_host_delete(host);
            }
        }
    }

    // ---- writing ------------------------------------------------------------

    /// <summary>Writes a bool.</summary>
    public void SetBool(bool value) => SetScalar(ComponentValKind.Bool, value ? 1UL : 0UL);

    /// <summary>Writes a u8.</summary>
    public void SetU8(byte value) => SetScalar(ComponentValKind.U8, value);

    /// <summary>Writes a u16.</summary>
    public void SetU16(ushort value) => SetScalar(ComponentValKind.U16, value);

    /// <summary>Writes a u32.</summary>
    public void SetU32(uint value) => SetScalar(ComponentValKind.U32, value);

    /// <summary>Writes a u64.</summary>
    public void SetU64(ulong value) => SetScalar(ComponentValKind.U64, value);

    /// <summary>Writes an s32.</summary>
    public void SetS32(int value) => SetScalar(ComponentValKind.S32, (uint)value);

    /// <summary>Writes an s64.</summary>
    public void SetS64(long value) => SetScalar(ComponentValKind.S64, (ulong)value);

    /// <summary>Writes a string (UTF-8).</summary>
    public void SetString(string value) => SetName(ComponentValKind.String, value);

    /// <summary>Writes an enum case.</summary>
    public void SetEnum(string caseName) => SetName(ComponentValKind.Enum, caseName);

    /// <summary>Writes a <c>list&lt;u8&gt;</c>.</summary>
    public void SetBytes(ReadOnlySpan<byte> bytes)
    {
        SetList(bytes.Length);
        var natives = (ComponentValNative*)_val->Data;
        for (var i = 0; i < bytes.Length; i++)
        {
            natives[i].Kind = ComponentValKind.U8;
            natives[i].Scalar = bytes[i];
        }
    }

    /// <summary>Writes a list of <paramref name="count"/> elements; write each with <see cref="Item"/>.</summary>
    public int SetList(int count)
    {
        _val->Kind = ComponentValKind.List;
        ComponentNative.wasmtime_component_vallist_new_uninit((ComponentValNative*)((byte*)_val + 8), (nuint)count);
        ZeroElements(count);
        return count;
    }

    /// <summary>Writes a tuple of <paramref name="count"/> elements; write each with <see cref="Item"/>.</summary>
    public void SetTuple(int count)
    {
        _val->Kind = ComponentValKind.Tuple;
        ComponentNative.wasmtime_component_valtuple_new_uninit((ComponentValNative*)((byte*)_val + 8), (nuint)count);
        ZeroElements(count);
    }

    /// <summary>Writes a record with these field names; write each field with <see cref="Field"/>.</summary>
    public void SetRecord(params ReadOnlySpan<string> fieldNames)
    {
        _val->Kind = ComponentValKind.Record;
        ComponentNative.wasmtime_component_valrecord_new_uninit((ComponentValNative*)((byte*)_val + 8), (nuint)fieldNames.Length);
        for (var i = 0; i < fieldNames.Length; i++)
        {
            var entry = (byte*)_val->Data + (i * ComponentValNative.RecordEntrySize);
            WriteName(entry, fieldNames[i]);
            *(ComponentValNative*)(entry + 16) = default;
        }
    }

    /// <summary>Writes a flags value with these flags set.</summary>
    public void SetFlags(IReadOnlyList<string> setFlags)
    {
        _val->Kind = ComponentValKind.Flags;
        ComponentNative.wasmtime_component_valflags_new_uninit((ComponentValNative*)((byte*)_val + 8), (nuint)setFlags.Count);
        for (var i = 0; i < setFlags.Count; i++)
        {
            WriteName((byte*)((WasmNameNative*)_val->Data + i), setFlags[i]);
        }
    }

    /// <summary>Writes <c>none</c>.</summary>
    public void SetNone()
    {
        _val->Kind = ComponentValKind.Option;
        _val->Boxed = IntPtr.Zero;
    }

    /// <summary>Writes <c>some</c> and returns the payload to fill.</summary>
    public ValRef SetSome()
    {
        _val->Kind = ComponentValKind.Option;
        _val->Boxed = (IntPtr)NewBox();
        return new ValRef((ComponentValNative*)_val->Boxed, _context);
    }

    /// <summary>Writes a result case; returns the payload to fill when <paramref name="hasPayload"/>.</summary>
    public ValRef SetResult(bool ok, bool hasPayload)
    {
        _val->Kind = ComponentValKind.Result;
        _val->Scalar = ok ? 1UL : 0UL;
        _val->ResultPayload = hasPayload ? (IntPtr)NewBox() : IntPtr.Zero;
        return new ValRef((ComponentValNative*)_val->ResultPayload, _context);
    }

    /// <summary>Writes a variant case; returns the payload to fill when <paramref name="hasPayload"/>.</summary>
    public ValRef SetVariant(string caseName, bool hasPayload)
    {
        _val->Kind = ComponentValKind.Variant;
        WriteName((byte*)_val + 8, caseName);
        _val->VariantPayload = hasPayload ? (IntPtr)NewBox() : IntPtr.Zero;
        return new ValRef((ComponentValNative*)_val->VariantPayload, _context);
    }

    /// <summary>Writes a handle to the host resource <paramref name="rep"/> of host type <paramref name="type"/>.</summary>
    public void SetResource(uint type, uint rep, bool owned = true)
    {
        var host = ComponentNative.wasmtime_component_resource_host_new(owned, rep, type);
        try
        {
            NativeError.ThrowIfError(ComponentNative.wasmtime_component_resource_host_to_any(_context, host, out var any), "create resource handle");
            _val->Kind = ComponentValKind.Resource;
            _val->Boxed = any;
        }
        finally
        {
            ComponentNative.wasmtime_component_resource_host_delete(host);
        }
    }

    private ComponentValNative* Expect(ComponentValKind kind)
    {
        if (_val->Kind != kind)
        {
            throw new InvalidOperationException($"expected a {kind} value, got {_val->Kind}");
        }
        return _val;
    }

    private void SetScalar(ComponentValKind kind, ulong value)
    {
        _val->Kind = kind;
        _val->Scalar = value;
    }

    private void SetName(ComponentValKind kind, string text)
    {
        _val->Kind = kind;
        WriteName((byte*)_val + 8, text);
    }

    // A wasm_byte_vec_t {size, data} allocated by Wasmtime, which frees it.
    private static void WriteName(byte* vec, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        Span<byte> buffer = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(text, buffer);
        fixed (byte* p = buffer)
        {
            ComponentNative.wasm_byte_vec_new(vec, (nuint)length, p);
        }
    }

    // Elements start as bool false: a value that owns nothing, so a list
    // dropped before every element is written is still safe to free.
    private void ZeroElements(int count)
    {
        new Span<byte>((void*)_val->Data, count * ComponentValNative.Size).Clear();
    }

    private static ComponentValNative* NewBox()
    {
        var placeholder = default(ComponentValNative);
        return ComponentNative.wasmtime_component_val_new(&placeholder);
    }
}
