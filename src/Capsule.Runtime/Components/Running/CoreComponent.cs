using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Binary;
using Capsule.Runtime.Components.Plan;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;

namespace Capsule.Runtime.Components.Running;

/// <summary>
/// A component loaded for the component layer, once per component: its plan, its core modules compiled
/// on the engine, a linker per core instance holding the host lowerings and resource builtins (bound to
/// their canonical options slots), and an InstancePre for each core instance whose imports all come from
/// the host. <see cref="Instantiate"/> makes an instance of it in a <see cref="CoreStore"/>. Thread-safe
/// once loaded; dispose after every instance's store.
/// </summary>
public sealed class CoreComponent : IDisposable
{
    private readonly CapsuleEngine _engine;
    private readonly CompiledCoreModule?[] _modules;
    private readonly CoreInstanceLink[] _links;
    private bool _disposed;

    private CoreComponent(CapsuleEngine engine, ComponentPlan plan, CompiledCoreModule?[] modules, CoreInstanceLink[] links, OptionSlots slots)
    {
        _engine = engine;
        Plan = plan;
        _modules = modules;
        _links = links;
        Slots = slots;
    }

    /// <summary>The instantiation plan.</summary>
    public ComponentPlan Plan { get; }

    internal OptionSlots Slots { get; }

    internal CapsuleEngine Engine => _engine;

    internal IReadOnlyList<CoreInstanceLink> Links => _links;

    /// <summary>
    /// Reads, plans and compiles <paramref name="component"/> against <paramref name="host"/>, the lowered
    /// interfaces the host serves (each import found by the semver rule). Throws
    /// <see cref="ComponentBinaryException"/> or <see cref="ComponentPlanException"/> with one line naming
    /// the cause when the layer cannot run it (the caller falls back to the component C API). Core modules
    /// go through <paramref name="cache"/> when there is one (kind <see cref="WasmKind.CoreModule"/>).
    /// </summary>
    public static CoreComponent Load(CapsuleEngine engine, ReadOnlyMemory<byte> component, IEnumerable<LoweredInterface> host, ArtifactCache? cache = null, string sourceName = "component")
    {
        var plan = ComponentPlanner.Build(ComponentReader.Read(component));
        var served = host.ToDictionary(i => i.Name, StringComparer.Ordinal);
        HostImportCheck.Check(plan, served.ToDictionary(
            i => i.Key,
            i => (IReadOnlyDictionary<string, CoreFunctionType>)i.Value.Functions.ToDictionary(f => f.Key, f => ToBinary(f.Value.CoreType), StringComparer.Ordinal),
            StringComparer.Ordinal));
        var slots = new OptionSlots();
        foreach (var export in plan.Exports)
        {
            slots.SlotOf(export.Options);
        }
        var modules = new CompiledCoreModule?[plan.Modules.Count];
        var codec = new CoreModuleCodec(engine.WasmEngine);
        var links = new List<CoreInstanceLink>();
        try
        {
            for (var i = 0; i < modules.Length; i++)
            {
                modules[i] = Compile(codec, cache, plan.Modules[i], i, sourceName);
            }
            foreach (var instance in plan.Instances)
            {
                links.Add(CoreInstanceLink.Create(engine, instance, modules[instance.Module]!.Handle, served, slots));
            }
        }
        catch
        {
            links.ForEach(l => l.Dispose());
            DeleteModules(modules);
            throw;
        }
        return new CoreComponent(engine, plan, modules, [.. links], slots);
    }

    /// <summary>Makes an instance in <paramref name="store"/> (a fresh store: one component instance per store).</summary>
    public CoreComponentInstance Instantiate(CoreStore store)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new CoreComponentInstance(this, store);
    }

    /// <summary>Frees the compiled modules, linkers and InstancePres.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var link in _links)
        {
            link.Dispose();
        }
        DeleteModules(_modules);
        GC.KeepAlive(_engine);
    }

    private static CompiledCoreModule Compile(CoreModuleCodec codec, ArtifactCache? cache, CoreModuleBinary module, int index, string sourceName)
    {
        var wasm = module.Bytes.ToArray();
        try
        {
            return cache is null ? codec.Compile(wasm) : cache.GetOrCompile(wasm, WasmKind.CoreModule, $"{sourceName} (core module {index})", codec, out _);
        }
        catch (Wasmtime.WasmtimeException e)
        {
            throw new ComponentPlanException($"core module {index} (at byte {module.Offset}) does not compile: {e.Message}");
        }
    }

    private static void DeleteModules(CompiledCoreModule?[] modules)
    {
        for (var i = 0; i < modules.Length; i++)
        {
            modules[i]?.Dispose();
            modules[i] = null;
        }
    }

    private static CoreFunctionType ToBinary(CoreFuncType type) => new([.. type.Params.Select(ToBinary)], [.. type.Results.Select(ToBinary)]);

    // CoreValType is I32..F64 = 0..3; the binary encodes them 0x7f..0x7c.
    private static CoreValueType ToBinary(CoreValType type) => (CoreValueType)(0x7f - (int)type);
}
