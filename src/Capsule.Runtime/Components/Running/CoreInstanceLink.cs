using System.Text;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Plan;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Running;

/// <summary>
/// How one core instance of a plan is made, prepared at load: a linker with the host lowerings and
/// resource builtins among its imports, and an InstancePre when nothing else is imported. Otherwise each
/// store clones the linker, defines the earlier instances' exports in it and instantiates.
/// </summary>
internal sealed unsafe class CoreInstanceLink : IDisposable
{
    private IntPtr _linker;
    private IntPtr _pre;

    private CoreInstanceLink(CoreInstancePlan plan, IntPtr module, IntPtr linker, IntPtr pre)
    {
        Plan = plan;
        Module = module;
        _linker = linker;
        _pre = pre;
    }

    private static readonly CanonOptionsPlan NoOptions = new(null, null, null, StringEncoding.Utf8);

    /// <summary>The plan's core instance.</summary>
    public CoreInstancePlan Plan { get; }

    /// <summary>The compiled module (owned by the component).</summary>
    public IntPtr Module { get; }

    /// <summary>Defines <paramref name="plan"/>'s host imports on a new linker (and makes its InstancePre when it can).</summary>
    public static CoreInstanceLink Create(CapsuleEngine engine, CoreInstancePlan plan, IntPtr module, IReadOnlyDictionary<string, LoweredInterface> host, OptionSlots slots)
    {
        var linker = CoreInstanceNative.wasmtime_linker_new(WasmtimeHandles.Of(engine.WasmEngine));
        try
        {
            var defined = new HashSet<(string, string)>();
            foreach (var import in plan.Imports)
            {
                if (import.Source is CoreItemRef.Export || !defined.Add((import.Import.Module, import.Import.Name)))
                {
                    continue;
                }
                var (function, slot, name) = import.Source switch
                {
                    CoreItemRef.Host { Import: var h } => (Lowering(h, host), slots.SlotOf(h.Options), $"{h.Interface}#{h.Function}"),
                    CoreItemRef.Builtin { Function: var b } => (ResourceBuiltins.Create(b, host), slots.SlotOf(NoOptions), $"{b.Interface}#[resource-drop]{b.Resource}"),
                    _ => throw new ComponentPlanException($"core import {import.Import.Module}#{import.Import.Name}: unknown source {import.Source}"),
                };
                LoweredCallbacks.DefineOnLinker(linker, import.Import.Module, import.Import.Name, function, slot, name);
            }
            var pre = IntPtr.Zero;
            if (plan.AllImportsFromHost)
            {
                var error = CoreInstanceNative.wasmtime_linker_instantiate_pre(linker, module, out pre);
                if (error != IntPtr.Zero)
                {
                    throw new ComponentPlanException($"core module {plan.Module} cannot be linked: {NativeError.ToException(error, "link").Cause}");
                }
            }
            return new CoreInstanceLink(plan, module, linker, pre);
        }
        catch
        {
            CoreInstanceNative.wasmtime_linker_delete(linker);
            throw;
        }
    }

    /// <summary>
    /// Makes the instance in the store <paramref name="context"/>, taking <see cref="CoreItemRef.Export"/>
    /// imports from <paramref name="made"/> (the instances made before it). A start function's trap or a
    /// link error throws <see cref="CanonTrapException"/>.
    /// </summary>
    public WasmtimeInstance Instantiate(IntPtr context, IReadOnlyList<WasmtimeInstance> made)
    {
        IntPtr error, trap;
        WasmtimeInstance instance;
        if (_pre != IntPtr.Zero)
        {
            error = CoreInstanceNative.wasmtime_instance_pre_instantiate(_pre, context, out instance, out trap);
        }
        else
        {
            var linker = CoreInstanceNative.wasmtime_linker_clone(_linker);
            try
            {
                var defined = new HashSet<(string, string)>();
                foreach (var import in Plan.Imports)
                {
                    if (import.Source is CoreItemRef.Export export && defined.Add((import.Import.Module, import.Import.Name)))
                    {
                        var item = ExportOf(context, made[export.Instance], export.Name)
                            ?? throw new CanonTrapException($"core instance {export.Instance} has no export {export.Name}");
                        Define(linker, context, import.Import.Module, import.Import.Name, item);
                    }
                }
                error = CoreInstanceNative.wasmtime_linker_instantiate(linker, context, Module, out instance, out trap);
            }
            finally
            {
                CoreInstanceNative.wasmtime_linker_delete(linker);
            }
        }
        if (trap != IntPtr.Zero)
        {
            throw new CanonTrapException($"core instance of module {Plan.Module} trapped while starting: {CoreCalls.TrapMessage(trap)}");
        }
        if (error != IntPtr.Zero)
        {
            throw new CanonTrapException($"core instance of module {Plan.Module}: {NativeError.ToException(error, "instantiate").Cause}");
        }
        return instance;
    }

    /// <summary>The export <paramref name="name"/> of <paramref name="instance"/>, looked up by name; null when absent.</summary>
    public static WasmtimeExtern? ExportOf(IntPtr context, in WasmtimeInstance instance, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
        {
            return CoreInstanceNative.wasmtime_instance_export_get(context, instance, p, (nuint)bytes.Length, out var item) ? item : null;
        }
    }

    /// <summary>Frees the linker and InstancePre.</summary>
    public void Dispose()
    {
        if (_pre != IntPtr.Zero)
        {
            CoreInstanceNative.wasmtime_instance_pre_delete(_pre);
            _pre = IntPtr.Zero;
        }
        if (_linker != IntPtr.Zero)
        {
            CoreInstanceNative.wasmtime_linker_delete(_linker);
            _linker = IntPtr.Zero;
        }
    }

    private static LoweredFunction Lowering(HostImport import, IReadOnlyDictionary<string, LoweredInterface> host)
    {
        // HostImportCheck has matched every host import at load: the lookups below cannot miss.
        var defined = InterfaceVersions.Match(import.Interface, host.Keys)!;
        return host[defined].Functions[import.Function];
    }

    private static void Define(IntPtr linker, IntPtr context, string module, string name, in WasmtimeExtern item)
    {
        var moduleBytes = Encoding.UTF8.GetBytes(module);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        fixed (byte* m = moduleBytes)
        fixed (byte* n = nameBytes)
        {
            NativeError.ThrowIfError(
                CoreInstanceNative.wasmtime_linker_define(linker, context, m, (nuint)moduleBytes.Length, n, (nuint)nameBytes.Length, item),
                $"define {module}#{name}");
        }
    }
}
