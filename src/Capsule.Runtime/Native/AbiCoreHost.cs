using System.Runtime.InteropServices;
using System.Text;
using Capsule.Runtime.Components.Abi;

namespace Capsule.Runtime.Native;

/// <summary>
/// A minimal core-API host for one core module in one store, whose imports are
/// <see cref="LoweredFunction"/>s: what the canonical ABI layer's tests and bench run on (the component
/// layer's real runner is <c>Components/Running</c>). The store's data is the <see cref="InstanceState"/>.
/// </summary>
internal sealed unsafe class AbiCoreHost : IDisposable
{
    private readonly Wasmtime.Engine _engine;
    private IntPtr _linker;
    private IntPtr _store;
    private IntPtr _module;
    private WasmtimeInstance _instance;

    /// <summary>A store on <paramref name="engine"/> whose state is <paramref name="state"/>.</summary>
    public AbiCoreHost(Wasmtime.Engine engine, InstanceState state)
    {
        _engine = engine;
        State = state;
        var engineHandle = WasmtimeHandles.Of(engine);
        _linker = CoreFuncNative.AbiLinkerNew(engineHandle);
        _store = ComponentNative.wasmtime_store_new(engineHandle, GCHandle.ToIntPtr(GCHandle.Alloc(state)), &HostCallbacks.FreeTarget);
        Context = ComponentNative.wasmtime_store_context(_store);
        // Engines with epoch interruption or fuel (Capsule's) need a budget before wasm runs.
        ComponentNative.wasmtime_context_set_epoch_deadline(Context, 1UL << 40);
        var noFuel = ComponentNative.wasmtime_context_set_fuel(Context, ulong.MaxValue);
        if (noFuel != IntPtr.Zero)
        {
            ComponentNative.wasmtime_error_delete(noFuel); // fuel is off on this engine
        }
    }

    /// <summary>The instance state (the store's data).</summary>
    public InstanceState State { get; }

    /// <summary>The store's context.</summary>
    public IntPtr Context { get; }

    /// <summary>Defines <c>(import module name)</c> as <paramref name="function"/> with options slot <paramref name="slot"/>.</summary>
    public void Define(string module, string name, LoweredFunction function, int slot = 0) =>
        LoweredCallbacks.DefineOnLinker(_linker, module, name, function, slot);

    /// <summary>Compiles <paramref name="wat"/> and instantiates it; <paramref name="options"/> name its exports used as canonical options.</summary>
    public void Instantiate(string wat, params (string? Memory, string? Realloc)[] options)
    {
        var text = Encoding.UTF8.GetBytes(wat);
        WasmNameNative wasm;
        fixed (byte* p = text)
        {
            NativeError.ThrowIfError(CoreFuncNative.AbiWat2Wasm(p, (nuint)text.Length, out wasm), "parse wat");
        }
        try
        {
            NativeError.ThrowIfError(CoreFuncNative.AbiModuleNew(WasmtimeHandles.Of(_engine), (byte*)wasm.Data, wasm.Size, out _module), "compile");
        }
        finally
        {
            ComponentNative.wasm_byte_vec_delete(ref wasm);
        }
        var error = CoreFuncNative.AbiLinkerInstantiate(_linker, Context, _module, out _instance, out var trap);
        if (trap != IntPtr.Zero)
        {
            throw new CanonTrapException($"instantiate trapped: {CoreCalls.TrapMessage(trap)}");
        }
        NativeError.ThrowIfError(error, "instantiate");
        foreach (var (memory, realloc) in options)
        {
            var resolved = new CanonOptions();
            if (memory is not null)
            {
                resolved.SetMemory(Export(memory));
            }
            if (realloc is not null)
            {
                resolved.SetRealloc(Context, Export(realloc));
            }
            State.Options.Add(resolved);
        }
    }

    /// <summary>The export <paramref name="name"/> of the instance.</summary>
    public WasmtimeExtern Export(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
        {
            return CoreFuncNative.AbiInstanceExportGet(Context, _instance, p, (nuint)bytes.Length, out var item)
                ? item
                : throw new InvalidOperationException($"the module exports no {name}");
        }
    }

    /// <summary>The exported memory <paramref name="name"/> as it is now.</summary>
    public GuestMemory Memory(string name = "memory") => GuestMemory.Read(Context, Export(name).Memory);

    /// <summary>Calls the exported function <paramref name="name"/>; a trap throws <see cref="CanonTrapException"/>.</summary>
    public void Call(string name, Span<ValRaw> argsAndResults) => CoreCalls.Call(Context, Export(name).Func, argsAndResults, name);

    /// <summary>
    /// Starts a call of the exported function <paramref name="name"/> of core type <paramref name="type"/>
    /// (checked: the unchecked call trusts it) lifted with options slot <paramref name="slot"/>.
    /// </summary>
    public LiftedCall Lift(string name, CoreFuncType type, int slot = 0)
    {
        var func = Export(name).Func;
        CoreCalls.CheckType(Context, func, type, name);
        return new(Context, State, State.Options[slot], func);
    }

    /// <summary>
    /// The export <paramref name="name"/> as a <see cref="LiftedExport"/> of core type <paramref name="type"/> (checked)
    /// with options slot <paramref name="slot"/>, under the name <paramref name="liftedName"/> (default: <paramref name="name"/>).
    /// </summary>
    public LiftedExport Lifted(string name, CoreFuncType type, int slot = 0, string? liftedName = null) =>
        new(liftedName ?? name, Context, State, State.Options[slot], Export(name).Func, type);

    /// <summary>
    /// Adds canonical options whose post-return is the export <paramref name="postReturn"/> of a function with
    /// <paramref name="flatResults"/>, and whose realloc is the export <paramref name="realloc"/>.
    /// </summary>
    public int AddOptions(string? memory, string? postReturn, IReadOnlyList<CoreValType> flatResults, string? realloc = null)
    {
        var options = new CanonOptions();
        if (memory is not null)
        {
            options.SetMemory(Export(memory));
        }
        if (realloc is not null)
        {
            options.SetRealloc(Context, Export(realloc));
        }
        if (postReturn is not null)
        {
            options.SetPostReturn(Context, Export(postReturn), flatResults);
        }
        State.Options.Add(options);
        return State.Options.Count - 1;
    }

    /// <summary>Frees the store, module and linker.</summary>
    public void Dispose()
    {
        if (_store != IntPtr.Zero)
        {
            ComponentNative.wasmtime_store_delete(_store);
            _store = IntPtr.Zero;
        }
        if (_module != IntPtr.Zero)
        {
            CoreFuncNative.AbiModuleDelete(_module);
            _module = IntPtr.Zero;
        }
        if (_linker != IntPtr.Zero)
        {
            CoreFuncNative.AbiLinkerDelete(_linker);
            _linker = IntPtr.Zero;
        }
        GC.KeepAlive(_engine);
    }
}
