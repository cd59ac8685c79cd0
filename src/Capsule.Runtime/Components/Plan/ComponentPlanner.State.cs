using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Binary;

namespace Capsule.Runtime.Components.Plan;

public static partial class ComponentPlanner
{
    /// <summary>What one <see cref="Build"/> accumulates; every resolution memoised per body.</summary>
    private sealed class PlanState
    {
        private readonly Dictionary<(Env, uint), int> _coreInstances = [];
        private readonly Dictionary<(Env, uint), Env> _children = [];
        private readonly Dictionary<CoreItemRef.Export, int> _coreExportIndex = [];

        public List<CoreModuleBinary> Modules { get; } = [];

        public List<CoreInstancePlan> Instances { get; } = [];

        public List<CoreItemRef.Export> CoreExports { get; } = [];

        public List<HostImport> HostImports { get; } = [];

        /// <summary>The plan index of core instance <paramref name="index"/> of <paramref name="env"/>, planning it (and what it needs) first.</summary>
        public int InstantiateCore(Env env, uint index)
        {
            if (_coreInstances.TryGetValue((env, index), out var planned))
            {
                return planned;
            }
            var instantiate = (Definition.CoreInstantiate)env.Model.Space(Sort.CoreInstance)[(int)index];
            var module = Module(env, instantiate.Module);
            var imports = new List<CoreImportPlan>(module.Imports.Count);
            foreach (var import in module.Imports)
            {
                var arg = instantiate.Args.FirstOrDefault(a => a.Name == import.Module)
                    ?? throw new ComponentPlanException($"core instance {index}: import {import.Module}::{import.Name} has no instantiation argument {import.Module}");
                imports.Add(new CoreImportPlan(import, CoreExport(env, arg.CoreInstance, import.Name)));
            }
            var moduleIndex = Modules.IndexOf(module);
            if (moduleIndex < 0)
            {
                moduleIndex = Modules.Count;
                Modules.Add(module);
            }
            Instances.Add(new CoreInstancePlan(moduleIndex, imports.AsReadOnly()));
            _coreInstances[(env, index)] = Instances.Count - 1;
            return Instances.Count - 1;
        }

        private CoreModuleBinary Module(Env env, uint index) => env.Model.Space(Sort.CoreModule)[(int)index] switch
        {
            Definition.CoreModule embedded => embedded.Module,
            Definition.Alias { Target: AliasTarget.Outer o } => Module(env.Up(o.Count), o.Index),
            _ => throw new ComponentPlanException($"core module {index}: only embedded core modules can be instantiated (not imported ones)"),
        };

        /// <summary>Export <paramref name="name"/> of core instance <paramref name="index"/>.</summary>
        public CoreItemRef CoreExport(Env env, uint index, string name)
        {
            switch (env.Model.Space(Sort.CoreInstance)[(int)index])
            {
                case Definition.CoreInstantiate:
                    var planned = InstantiateCore(env, index);
                    var module = Modules[Instances[planned].Module];
                    return module.Export(name) is null
                        ? throw new ComponentPlanException($"core instance {index} has no export {name}")
                        : new CoreItemRef.Export(planned, name);
                case Definition.CoreInlineInstance inline:
                    var export = inline.Exports.FirstOrDefault(e => e.Name == name)
                        ?? throw new ComponentPlanException($"core instance {index} has no export {name}");
                    return CoreItem(env, export.Item);
                default:
                    throw new ComponentPlanException($"core instance {index}: core instances from component instance exports are not supported");
            }
        }

        public CoreItemRef CoreItem(Env env, SortIndex item)
        {
            var definition = env.Model[item];
            if (definition is Definition.Alias { Target: AliasTarget.CoreInstanceExport e })
            {
                return CoreExport(env, e.CoreInstance, e.Name);
            }
            if (item.Sort == Sort.CoreFunc && definition is Definition.Canon canon)
            {
                return Canon(env, canon.Function);
            }
            throw new ComponentPlanException($"{item}: cannot be used as a core import");
        }

        private CoreItemRef Canon(Env env, CanonDefinition canon)
        {
            switch (canon)
            {
                case CanonDefinition.Lower lower:
                    if (this.Func(env, lower.Func) is not FuncOrigin.Host host)
                    {
                        throw new ComponentPlanException("a lowered function that the component itself lifts (a component-to-component call) is not supported yet");
                    }
                    var import = new HostImport(host.Interface, host.Function, Options(env, lower.Options));
                    HostImports.Add(import);
                    return new CoreItemRef.Host(import);
                case CanonDefinition.ResourceNew n:
                    return Builtin(env, ResourceBuiltinKind.New, n.Type);
                case CanonDefinition.ResourceDrop d:
                    return Builtin(env, ResourceBuiltinKind.Drop, d.Type);
                case CanonDefinition.ResourceRep r:
                    return Builtin(env, ResourceBuiltinKind.Rep, r.Type);
                default:
                    throw new ComponentPlanException("a lifted function cannot be a core import");
            }
        }

        private CoreItemRef.Builtin Builtin(Env env, ResourceBuiltinKind kind, uint type)
        {
            var (iface, name) = this.Resource(env, type);
            return new CoreItemRef.Builtin(new ResourceBuiltin(kind, iface, name));
        }

        public CanonOptionsPlan Options(Env env, Binary.CanonOptions options)
        {
            if (options.Async || options.Callback is not null)
            {
                throw new ComponentPlanException("async lifts and lowers (WASI 0.3) are not supported yet");
            }
            return new CanonOptionsPlan(
                options.Memory is { } m ? Exported(env, new SortIndex(Sort.CoreMemory, m), "memory") : null,
                options.Realloc is { } r ? Exported(env, new SortIndex(Sort.CoreFunc, r), "realloc") : null,
                options.PostReturn is { } p ? Exported(env, new SortIndex(Sort.CoreFunc, p), "post-return") : null,
                Encoding(options.Encoding));
        }

        private int Exported(Env env, SortIndex item, string what)
        {
            if (CoreItem(env, item) is not CoreItemRef.Export export)
            {
                throw new ComponentPlanException($"the {what} option must name a core instance's export");
            }
            if (!_coreExportIndex.TryGetValue(export, out var index))
            {
                index = CoreExports.Count;
                CoreExports.Add(export);
                _coreExportIndex[export] = index;
            }
            return index;
        }

        public Env Child(Env env, uint instance, Definition.Instantiate instantiate)
        {
            if (_children.TryGetValue((env, instance), out var child))
            {
                return child;
            }
            if (env.Model.Space(Sort.Component)[(int)instantiate.ComponentIndex] is not Definition.Component nested)
            {
                throw new ComponentPlanException($"instance {instance}: only components embedded in the component can be instantiated");
            }
            if (nested.Model.Space(Sort.CoreInstance).Count > 0)
            {
                throw new ComponentPlanException($"instance {instance}: nested components with core instances are not supported yet");
            }
            var args = instantiate.Args.ToDictionary(a => a.Name, a => (env, a.Item), StringComparer.Ordinal);
            child = new Env(nested.Model, env, args);
            _children[(env, instance)] = child;
            return child;
        }
    }
}
