using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Plan;
using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Running;

/// <summary>
/// One instance of a <see cref="CoreComponent"/> in a <see cref="CoreStore"/>: its core instances made in
/// plan order, its canonical options resolved into the store's <see cref="InstanceState"/> (each slot as
/// soon as the core instance exporting its memory/realloc/post-return exists, so a start function's host
/// calls find them), and its exports found by name. Lives as long as its store.
/// </summary>
public sealed partial class CoreComponentInstance
{
    private readonly CoreComponent _component;
    private readonly WasmtimeInstance[] _instances;
    private readonly Dictionary<string, ExportPlan> _exports;

    internal CoreComponentInstance(CoreComponent component, CoreStore store)
    {
        if (store.HasInstance)
        {
            throw new InvalidOperationException("the store already holds a component instance: make one store per instance");
        }
        store.HasInstance = true;
        _component = component;
        Store = store;
        var plan = component.Plan;
        var slots = component.Slots.Plans;
        var resolved = new CanonOptions[slots.Count];
        for (var i = 0; i < slots.Count; i++)
        {
            resolved[i] = new CanonOptions { Encoding = slots[i].Encoding };
            store.InstanceState.Options.Add(resolved[i]);
        }
        _instances = new WasmtimeInstance[plan.Instances.Count];
        var made = new List<WasmtimeInstance>(_instances.Length);
        for (var i = 0; i < _instances.Length; i++)
        {
            _instances[i] = component.Links[i].Instantiate(store.Context, made);
            made.Add(_instances[i]);
            for (var slot = 0; slot < slots.Count; slot++)
            {
                Resolve(slots[slot], resolved[slot], madeUpTo: i);
            }
        }
        _exports = plan.Exports.ToDictionary(e => Key(e.Interface, e.Function), StringComparer.Ordinal);
    }

    /// <summary>The store the instance lives in.</summary>
    public CoreStore Store { get; }

    /// <summary>The instance's canonical ABI state.</summary>
    public InstanceState State => Store.InstanceState;

    /// <summary>The names <see cref="Call"/> takes: <c>interface#function</c>, or the function alone for one exported directly.</summary>
    public IEnumerable<string> ExportNames => _exports.Keys;

    /// <summary>
    /// Starts a call of the lifted export <paramref name="name"/> (see <see cref="ExportNames"/>) whose flat
    /// core type is <paramref name="type"/> (checked against the core function: the unchecked call trusts it).
    /// </summary>
    public LiftedCall Call(string name, CoreFuncType type)
    {
        if (!_exports.TryGetValue(name, out var export))
        {
            throw new KeyNotFoundException($"the component exports no function {name}");
        }
        var func = Item(export.CoreFunc, "export " + name).Func;
        CoreCalls.CheckType(Store.Context, func, type, name);
        return new LiftedCall(Store.Context, State, OptionsOf(export, name, type), func);
    }

    // An export's options slot, its post-return resolved on first use (checked against the export's results).
    private CanonOptions OptionsOf(ExportPlan export, string name, CoreFuncType type)
    {
        var options = State.Options[_component.Slots.SlotOf(export.Options)];
        if (export.Options.PostReturnCoreExport is { } postReturn && !options.HasPostReturn)
        {
            options.SetPostReturn(Store.Context, Item(_component.Plan.CoreExports[postReturn], "post-return of " + name), type.Results);
        }
        return options;
    }

    /// <summary>
    /// The lifted export <paramref name="name"/> (<c>{interface}#{function}</c>, the interface matched by the semver rule of
    /// <see cref="InterfaceVersions"/>: a guest's <c>@0.2.0</c> serves a <c>@0.2.12</c> caller), checked to be of
    /// <paramref name="coreType"/>, or null when the instance has no such export. A <see cref="LiftedExportLookup"/> for
    /// generated <c>{Interface}Exports</c>.
    /// </summary>
    public LiftedExport? Export(string name, CoreFuncType coreType)
    {
        var hash = name.IndexOf('#', StringComparison.Ordinal);
        var key = name;
        if (hash >= 0 && !_exports.ContainsKey(name))
        {
            var (wanted, function) = (name[..hash], name[(hash + 1)..]);
            // The caller plays the importer's part: the guest's export (say @0.2.0) serves a caller of @0.2.12 when
            // the caller's version would satisfy it as an import, the semver rule read the other way round.
            var match = _exports.Values.Where(e => e.Function == function && e.Interface is not null)
                .Select(e => e.Interface!)
                .FirstOrDefault(exported => InterfaceVersions.Match(exported, [wanted]) is not null);
            key = match is null ? name : Key(match, function);
        }
        if (!_exports.TryGetValue(key, out var export))
        {
            return null;
        }
        var func = Item(export.CoreFunc, "export " + key).Func;
        var options = OptionsOf(export, key, coreType);
        return new LiftedExport(key, Store.Context, State, options, func, coreType);
    }

    /// <summary>The name <see cref="Call"/> takes for <paramref name="function"/> of <paramref name="exportedInterface"/>.</summary>
    public static string Key(string? exportedInterface, string function) =>
        exportedInterface is null ? function : $"{exportedInterface}#{function}";

    private void Resolve(CanonOptionsPlan plan, CanonOptions options, int madeUpTo)
    {
        var exports = _component.Plan.CoreExports;
        if (plan.MemoryCoreExport is { } memory && exports[memory].Instance == madeUpTo)
        {
            options.SetMemory(Item(exports[memory], "memory"));
        }
        if (plan.ReallocCoreExport is { } realloc && exports[realloc].Instance == madeUpTo)
        {
            options.SetRealloc(Store.Context, Item(exports[realloc], "realloc"));
        }
    }

    private WasmtimeExtern Item(CoreItemRef item, string what) => item switch
    {
        CoreItemRef.Export e => CoreInstanceLink.ExportOf(Store.Context, _instances[e.Instance], e.Name)
            ?? throw new CanonTrapException($"{what}: core instance {e.Instance} has no export {e.Name}"),
        _ => throw new CanonTrapException($"{what} is not a core export of the component ({item})"),
    };
}
