using System.Runtime.InteropServices;
using System.Text;
using Capsule.Runtime.Engine;

namespace Capsule.Runtime.Native;

/// <summary>
/// A component linker whose imports are C# host functions and host
/// resources. Built once per process (or app), then used to instantiate in
/// any number of <see cref="ComponentStore"/>s from any thread.
/// </summary>
public sealed unsafe class HostLinker : IDisposable
{
    private readonly CapsuleEngine _engine;
    private IntPtr _linker;

    /// <summary>An empty linker for <paramref name="engine"/>.</summary>
    public HostLinker(CapsuleEngine engine)
    {
        NativeLayout.Verify();
        _engine = engine;
        _linker = ComponentNative.wasmtime_component_linker_new(WasmtimeHandles.Of(engine.WasmEngine));
        GC.KeepAlive(engine);
    }

    /// <summary>Defines every function and resource type of <paramref name="iface"/>.</summary>
    public void Define(HostInterface iface)
    {
        var root = ComponentNative.wasmtime_component_linker_root(_linker);
        try
        {
            var instance = AddInstance(root, iface.Name);
            try
            {
                foreach (var (name, (typeId, destructor)) in iface.Resources)
                {
                    AddResource(instance, $"{iface.Name}#{name}", name, typeId, destructor);
                }
                foreach (var (name, function) in iface.Functions)
                {
                    AddFunction(instance, $"{iface.Name}#{name}", name, function);
                }
            }
            finally
            {
                ComponentNative.wasmtime_component_linker_instance_delete(instance);
            }
        }
        finally
        {
            ComponentNative.wasmtime_component_linker_instance_delete(root);
        }
    }

    /// <summary>Defines every interface of <paramref name="interfaces"/>, in order.</summary>
    public void Define(IEnumerable<HostInterface> interfaces)
    {
        foreach (var iface in interfaces)
        {
            Define(iface);
        }
    }

    /// <summary>Makes every import of <paramref name="component"/> not yet defined a function that traps.</summary>
    public void DefineUnknownImportsAsTraps(Wasmtime.Components.Component component)
    {
        var error = ComponentNative.wasmtime_component_linker_define_unknown_imports_as_traps(_linker, WasmtimeHandles.Of(component));
        GC.KeepAlive(component);
        NativeError.ThrowIfError(error, "define unknown imports as traps");
    }

    /// <summary>Instantiates <paramref name="component"/> in <paramref name="store"/>.</summary>
    public ComponentInstanceRef Instantiate(ComponentStore store, Wasmtime.Components.Component component)
    {
        var error = ComponentNative.wasmtime_component_linker_instantiate(_linker, store.Context, WasmtimeHandles.Of(component), out var instance);
        GC.KeepAlive(component);
        NativeError.ThrowIfError(error, "instantiate", store.LastHostException);
        return new ComponentInstanceRef(store, instance, component);
    }

    private static IntPtr AddInstance(IntPtr parent, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
        {
            NativeError.ThrowIfError(ComponentNative.wasmtime_component_linker_instance_add_instance(parent, p, (nuint)bytes.Length, out var instance), $"define {name}");
            return instance;
        }
    }

    private static void AddFunction(IntPtr instance, string qualifiedName, string name, HostFunction function)
    {
        var target = GCHandle.ToIntPtr(GCHandle.Alloc(new HostCallbacks.FunctionTarget(qualifiedName, function)));
        var bytes = Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
        {
            var error = ComponentNative.wasmtime_component_linker_instance_add_func(
                instance, p, (nuint)bytes.Length, &HostCallbacks.InvokeFunction, target, &HostCallbacks.FreeTarget);
            NativeError.ThrowIfError(error, $"define {qualifiedName}");
        }
    }

    private static void AddResource(IntPtr instance, string qualifiedName, string name, uint typeId, ResourceDestructor destructor)
    {
        var target = GCHandle.ToIntPtr(GCHandle.Alloc(new HostCallbacks.DestructorTarget(qualifiedName, destructor)));
        var type = ComponentNative.wasmtime_component_resource_type_new_host(typeId);
        var bytes = Encoding.UTF8.GetBytes(name);
        try
        {
            fixed (byte* p = bytes)
            {
                var error = ComponentNative.wasmtime_component_linker_instance_add_resource(
                    instance, p, (nuint)bytes.Length, type, &HostCallbacks.InvokeDestructor, target, &HostCallbacks.FreeTarget);
                NativeError.ThrowIfError(error, $"define resource {qualifiedName}");
            }
        }
        finally
        {
            ComponentNative.wasmtime_component_resource_type_delete(type);
        }
    }

    /// <summary>Releases the linker (its host function targets are freed with it).</summary>
    public void Dispose()
    {
        if (_linker != IntPtr.Zero)
        {
            ComponentNative.wasmtime_component_linker_delete(_linker);
            _linker = IntPtr.Zero;
        }
        GC.KeepAlive(_engine);
    }
}
