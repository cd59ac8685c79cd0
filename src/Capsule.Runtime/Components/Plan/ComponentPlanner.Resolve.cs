using Capsule.Runtime.Components.Binary;

namespace Capsule.Runtime.Components.Plan;

public static partial class ComponentPlanner
{
    // Component-level resolution. Every step goes to an earlier index or an enclosing body, so it ends.
    private static FuncOrigin Func(this PlanState state, Env env, uint index)
    {
        switch (env.Model.Space(Sort.Func)[(int)index])
        {
            case Definition.Canon { Function: CanonDefinition.Lift lift }:
                return new FuncOrigin.Lifted(env, lift);
            case Definition.Export export:
                return state.Func(env, env.Model.Exports[export.Index].Item.Index);
            case Definition.Import import when env.Args is null:
                return new FuncOrigin.Host(string.Empty, env.Model.Imports[import.Index].Name);
            case Definition.Import import:
                var (outer, item) = env.Argument(import.Index);
                return state.Func(outer, Expect(item, Sort.Func).Index);
            case Definition.Alias { Target: AliasTarget.InstanceExport e }:
                return state.InstanceExport(env, e.Instance, e.Name) switch
                {
                    ItemRef.HostMember host => new FuncOrigin.Host(host.Interface, host.Name),
                    ItemRef.Local local => state.Func(local.Env, Expect(local.Item, Sort.Func).Index),
                    _ => throw new InvalidOperationException(),
                };
            default:
                throw new ComponentPlanException($"func {index}: this kind of function is not supported");
        }
    }

    private static InstanceOrigin Instance(this PlanState state, Env env, uint index)
    {
        switch (env.Model.Space(Sort.Instance)[(int)index])
        {
            case Definition.Import import when env.Args is null:
                return new InstanceOrigin.Host(env.Model.Imports[import.Index].Name);
            case Definition.Import import:
                var (outer, item) = env.Argument(import.Index);
                return state.Instance(outer, Expect(item, Sort.Instance).Index);
            case Definition.Export export:
                return state.Instance(env, env.Model.Exports[export.Index].Item.Index);
            case Definition.InlineInstance inline:
                return new InstanceOrigin.Inline(env, inline.Exports);
            case Definition.Instantiate instantiate:
                return new InstanceOrigin.Instantiated(state.Child(env, index, instantiate));
            case Definition.Alias { Target: AliasTarget.InstanceExport e }:
                return state.InstanceExport(env, e.Instance, e.Name) switch
                {
                    ItemRef.Local local => state.Instance(local.Env, Expect(local.Item, Sort.Instance).Index),
                    _ => throw new ComponentPlanException($"instance {index}: instances nested in host imports are not supported"),
                };
            default:
                throw new ComponentPlanException($"instance {index}: this kind of instance is not supported");
        }
    }

    private static ItemRef InstanceExport(this PlanState state, Env env, uint instance, string name) => state.Instance(env, instance) switch
    {
        InstanceOrigin.Host host => new ItemRef.HostMember(host.Name, name),
        InstanceOrigin.Inline inline => new ItemRef.Local(inline.Env,
            (inline.Exports.FirstOrDefault(e => e.Name == name) ?? throw Missing(instance, name)).Item),
        InstanceOrigin.Instantiated child => new ItemRef.Local(child.Child,
            (child.Child.Model.Exports.FirstOrDefault(e => e.Name == name) ?? throw Missing(instance, name)).Item),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The functions an exported instance offers, each in the body that defines it.</summary>
    private static IEnumerable<(string Name, Env Env, uint Index)> InstanceFuncs(this PlanState state, Env env, uint instance, string exportName)
    {
        IEnumerable<(string, SortIndex)> items;
        Env body;
        switch (state.Instance(env, instance))
        {
            case InstanceOrigin.Inline inline:
                (items, body) = (inline.Exports.Select(e => (e.Name, e.Item)), inline.Env);
                break;
            case InstanceOrigin.Instantiated child:
                (items, body) = (child.Child.Model.Exports.Select(e => (e.Name, e.Item)), child.Child);
                break;
            default:
                throw new ComponentPlanException($"export {exportName}: re-exporting an imported instance is not supported yet");
        }
        return items.Where(i => i.Item2.Sort == Sort.Func).Select(i => (i.Item1, body, i.Item2.Index)).ToList();
    }

    private static ExportPlan ExportFunc(this PlanState state, string? iface, string name, Env env, uint index)
    {
        if (state.Func(env, index) is not FuncOrigin.Lifted lifted)
        {
            throw new ComponentPlanException($"export {name}: re-exporting an imported function is not supported yet");
        }
        var core = state.CoreItem(lifted.Env, new SortIndex(Sort.CoreFunc, lifted.Lift.CoreFunc));
        var type = lifted.Env.Model.Space(Sort.Type)[(int)lifted.Lift.Type] is Definition.Type { Definition: DefinedType.Func func } ? func : null;
        return new ExportPlan(iface, name, core, state.Options(lifted.Env, lifted.Lift.Options), type);
    }

    /// <summary>The interface and name of a resource type, or ("", index) for one the guest defines.</summary>
    private static (string Interface, string Name) Resource(this PlanState state, Env env, uint type)
    {
        switch (env.Model.Space(Sort.Type)[(int)type])
        {
            case Definition.Type { Definition: DefinedType.Resource }:
                return (string.Empty, type.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case Definition.Alias { Target: AliasTarget.InstanceExport e }:
                return state.InstanceExport(env, e.Instance, e.Name) switch
                {
                    ItemRef.HostMember host => (host.Interface, host.Name),
                    ItemRef.Local local => state.Resource(local.Env, Expect(local.Item, Sort.Type).Index),
                    _ => throw new InvalidOperationException(),
                };
            case Definition.Alias { Target: AliasTarget.Outer o }:
                return state.Resource(env.Up(o.Count), o.Index);
            case Definition.Export export:
                return state.Resource(env, env.Model.Exports[export.Index].Item.Index);
            case Definition.Import import when env.Args is null:
                return (string.Empty, env.Model.Imports[import.Index].Name);
            case Definition.Import import:
                var (outer, item) = env.Argument(import.Index);
                return state.Resource(outer, Expect(item, Sort.Type).Index);
            default:
                throw new ComponentPlanException($"type {type} is not a resource type");
        }
    }

    private static SortIndex Expect(SortIndex item, Sort sort) =>
        item.Sort == sort ? item : throw new ComponentPlanException($"{item} was expected to be a {sort.Name()}");

    private static ComponentPlanException Missing(uint instance, string name) => new($"instance {instance} has no export {name}");
}
