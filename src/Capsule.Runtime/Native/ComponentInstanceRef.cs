namespace Capsule.Runtime.Native;

/// <summary>Reads the values a call returned; runs before they are freed.</summary>
public delegate T ResultReader<T>(ValSpan results);

/// <summary>Writes the arguments of a call.</summary>
public delegate void ArgumentWriter(ValSpan args);

/// <summary>A component instance living in a <see cref="ComponentStore"/>; valid while the store is.</summary>
public sealed unsafe class ComponentInstanceRef
{
    private readonly ComponentStore _store;
    private readonly ComponentInstanceNative _instance;
    private readonly Wasmtime.Components.Component _component;

    internal ComponentInstanceRef(ComponentStore store, ComponentInstanceNative instance, Wasmtime.Components.Component component)
    {
        _store = store;
        _instance = instance;
        _component = component;
    }

    /// <summary>
    /// Calls <paramref name="function"/> of the exported interface
    /// <paramref name="interfaceName"/> (or a root export when null). Throws
    /// <see cref="ComponentCallException"/> on trap or exit; the caller frees nothing.
    /// </summary>
    public T Call<T>(string? interfaceName, string function, int argCount, ArgumentWriter? writeArgs, int resultCount, ResultReader<T> readResults)
    {
        var func = Lookup(interfaceName, function);
        var values = stackalloc ComponentValNative[argCount + resultCount];
        new Span<byte>(values, (argCount + resultCount) * ComponentValNative.Size).Clear();
        var args = values;
        var results = values + argCount;
        writeArgs?.Invoke(new ValSpan(args, argCount, _store.Context));
        _store.LastHostException = null;
        var error = ComponentNative.wasmtime_component_func_call(func, _store.Context, args, (nuint)argCount, results, (nuint)resultCount);
        try
        {
            NativeError.ThrowIfError(error, $"call {interfaceName}#{function}", _store.LastHostException);
            return readResults(new ValSpan(results, resultCount, _store.Context));
        }
        finally
        {
            // The call only reads its arguments (const in func.h): the values we built
            // (resource handles are boxed) are ours to free, as are the results. Not
            // freeing the arguments leaked ~130 bytes of native memory per request.
            for (var i = 0; i < argCount + resultCount; i++)
            {
                ComponentNative.wasmtime_component_val_delete(values + i);
            }
        }
    }

    private ComponentFuncNative Lookup(string? interfaceName, string function)
    {
        var index = ExportIndexCache.Find(_component, interfaceName, function);
        if (index == IntPtr.Zero)
        {
            throw new InvalidOperationException(interfaceName is null
                ? $"the component exports no function {function}"
                : $"the component exports no {interfaceName} with a function {function}");
        }
        if (!ComponentNative.wasmtime_component_instance_get_func(_instance, _store.Context, index, out var func))
        {
            throw new InvalidOperationException($"{interfaceName}#{function} is not a function");
        }
        return func;
    }
}
