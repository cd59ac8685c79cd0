using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Abi;

/// <summary>String encodings of the canonical options (only <see cref="Utf8"/> is served today).</summary>
public enum StringEncoding : byte
{
    /// <summary>string-encoding=utf8 (the default).</summary>
    Utf8,

    /// <summary>string-encoding=utf16.</summary>
    Utf16,

    /// <summary>string-encoding=latin1+utf16.</summary>
    Latin1Utf16,
}

/// <summary>
/// Canonical options of one lift or lower, as the plan resolved them for one component: the core
/// memory, realloc and post-return (indices into the plan's core exports, null when absent) and the
/// string encoding. Async options come with WASI 0.3.
/// </summary>
public sealed record CanonOptionsPlan(int? MemoryCoreExport, int? ReallocCoreExport, int? PostReturnCoreExport, StringEncoding Encoding);

/// <summary>
/// Canonical options resolved in one instance: the memory, realloc and post-return functions as
/// Wasmtime items of its store. Made by whoever instantiates (after the core instances exist) and kept in
/// <see cref="InstanceState.Options"/>; host functions find theirs by slot.
/// </summary>
public sealed class CanonOptions
{
    private WasmtimeMemory _memory;
    private WasmtimeFunc _realloc;
    private WasmtimeFunc _postReturn;

    /// <summary>The string encoding.</summary>
    public StringEncoding Encoding { get; init; } = StringEncoding.Utf8;

    /// <summary>Whether a memory is set.</summary>
    public bool HasMemory => _memory.StoreId != 0;

    /// <summary>Whether a realloc is set.</summary>
    public bool HasRealloc => _realloc.StoreId != 0;

    /// <summary>Whether a post-return is set.</summary>
    public bool HasPostReturn => _postReturn.StoreId != 0;

    internal ref readonly WasmtimeFunc ReallocFunc => ref _realloc;

    internal ref readonly WasmtimeFunc PostReturnFunc => ref _postReturn;

    internal void SetMemory(in WasmtimeExtern item) => _memory = Expect(item, CoreFuncNative.ExternMemory, "memory").Memory;

    /// <summary>realloc's core type: (original ptr, original size, align, new size) -> ptr.</summary>
    public static readonly CoreFuncType ReallocType = new([CoreValType.I32, CoreValType.I32, CoreValType.I32, CoreValType.I32], [CoreValType.I32]);

    /// <summary>Sets realloc after checking its core type (the call trusts it).</summary>
    internal void SetRealloc(IntPtr context, in WasmtimeExtern item)
    {
        var func = Expect(item, CoreFuncNative.ExternFunc, "realloc").Func;
        CoreCalls.CheckType(context, func, ReallocType, "realloc");
        _realloc = func;
    }

    /// <summary>Sets post-return after checking it takes <paramref name="flatResults"/> (the lifted function's) and returns nothing.</summary>
    internal void SetPostReturn(IntPtr context, in WasmtimeExtern item, IReadOnlyList<CoreValType> flatResults)
    {
        var func = Expect(item, CoreFuncNative.ExternFunc, "post-return").Func;
        CoreCalls.CheckType(context, func, new CoreFuncType(flatResults, []), "post-return");
        _postReturn = func;
    }

    /// <summary>The memory as it is now (or an absent memory, on which every access traps).</summary>
    internal GuestMemory ReadMemory(IntPtr context) => HasMemory ? GuestMemory.Read(context, _memory) : default;

    private static WasmtimeExtern Expect(in WasmtimeExtern item, byte kind, string what) =>
        item.Kind == kind ? item : throw new InvalidOperationException($"the canonical option {what} names a core item of kind {item.Kind}");
}
