using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Binary;

namespace Capsule.Runtime.Components.Plan;

/// <summary>
/// Makes a <see cref="ComponentPlan"/> from a <see cref="ComponentModel"/>: follows every alias,
/// inline instance and nested component (wit-component's pass-through export shim is inlined) down
/// to a core instance's export, a host lowering or a resource builtin. Shapes the layer does not run
/// yet (async, component-to-component calls, nested components with core instances) are refused with
/// one line. Thread-safe: each call has its own state.
/// </summary>
public static partial class ComponentPlanner
{
    /// <summary>Plans <paramref name="model"/>.</summary>
    /// <exception cref="ComponentPlanException">A shape not supported yet, or an export or argument that is missing.</exception>
    public static ComponentPlan Build(ComponentModel model)
    {
        var state = new PlanState();
        var root = new Env(model, null, null);
        for (var i = 0; i < model.Space(Sort.CoreInstance).Count; i++)
        {
            if (model.Space(Sort.CoreInstance)[i] is Definition.CoreInstantiate)
            {
                state.InstantiateCore(root, (uint)i);
            }
        }
        var exports = new List<ExportPlan>();
        foreach (var export in model.Exports)
        {
            switch (export.Item.Sort)
            {
                case Sort.Func:
                    exports.Add(state.ExportFunc(null, export.Name, root, export.Item.Index));
                    break;
                case Sort.Instance:
                    foreach (var (name, env, index) in state.InstanceFuncs(root, export.Item.Index, export.Name))
                    {
                        exports.Add(state.ExportFunc(export.Name, name, env, index));
                    }
                    break;
            }
        }
        return new ComponentPlan(state.Modules.AsReadOnly(), state.Instances.AsReadOnly(), state.CoreExports.AsReadOnly(),
            exports.AsReadOnly(), state.HostImports.Distinct().ToList().AsReadOnly());
    }

    /// <summary>A component body being planned: the model, the scope outer aliases reach, and the arguments it was instantiated with (null at the top).</summary>
    private sealed class Env(ComponentModel model, Env? parent, IReadOnlyDictionary<string, (Env Env, SortIndex Item)>? args)
    {
        public ComponentModel Model { get; } = model;

        public Env? Parent { get; } = parent;

        public IReadOnlyDictionary<string, (Env Env, SortIndex Item)>? Args { get; } = args;

        public Env Up(uint count)
        {
            var env = this;
            for (var i = 0u; i < count; i++)
            {
                env = env.Parent ?? throw new ComponentPlanException($"outer alias {count} reaches past the outermost component");
            }
            return env;
        }

        /// <summary>What satisfies import <paramref name="index"/> of a nested component.</summary>
        public (Env Env, SortIndex Item) Argument(int index)
        {
            var name = Model.Imports[index].Name;
            return Args!.TryGetValue(name, out var arg) ? arg : throw new ComponentPlanException($"nested component import {name} is not given by its instantiation");
        }
    }

    /// <summary>An item an instance export resolves to: in some component body, or a member of a host import.</summary>
    private abstract record ItemRef
    {
        public sealed record Local(Env Env, SortIndex Item) : ItemRef;

        public sealed record HostMember(string Interface, string Name) : ItemRef;
    }

    /// <summary>A function, resolved: a host import's member or a lift in some body.</summary>
    private abstract record FuncOrigin
    {
        public sealed record Host(string Interface, string Function) : FuncOrigin;

        public sealed record Lifted(Env Env, CanonDefinition.Lift Lift) : FuncOrigin;
    }

    /// <summary>A component instance, resolved.</summary>
    private abstract record InstanceOrigin
    {
        public sealed record Host(string Name) : InstanceOrigin;

        public sealed record Inline(Env Env, IReadOnlyList<InlineExport> Exports) : InstanceOrigin;

        public sealed record Instantiated(Env Child) : InstanceOrigin;
    }

    private static StringEncoding Encoding(CanonStringEncoding encoding) => encoding switch
    {
        CanonStringEncoding.Utf16 => StringEncoding.Utf16,
        CanonStringEncoding.Latin1Utf16 => StringEncoding.Latin1Utf16,
        _ => StringEncoding.Utf8,
    };
}
