namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// What a component imports and exports, by name and shape (instance members, resources), resolved
/// through aliases, outer aliases, type equalities and nested components, from the model alone.
/// This is what <c>capsule inspect</c> shows, without compiling anything.
/// </summary>
public static class ComponentSurface
{
    /// <summary>The imports and exports of <paramref name="model"/> with their shapes.</summary>
    public static (IReadOnlyList<KeyValuePair<string, ItemShape>> Imports, IReadOnlyList<KeyValuePair<string, ItemShape>> Exports) Describe(ComponentModel model)
    {
        var env = new ComponentEnv(model, null);
        var imports = model.Imports.Select(i => KeyValuePair.Create(i.Name, env.Desc(i.Desc))).ToList();
        var exports = model.Exports.Select(e => KeyValuePair.Create(e.Name, env.Item(e.Item))).ToList();
        return (imports, exports);
    }

    /// <summary>A scope in which type and instance indices resolve to shapes.</summary>
    private abstract class Env(Env? parent)
    {
        public Env Up(uint count)
        {
            var env = this;
            for (var i = 0u; i < count && env is not null; i++)
            {
                env = env.Parent;
            }
            return env ?? this;
        }

        public Env? Parent { get; } = parent;

        public abstract ItemShape Type(uint index);

        public abstract ItemShape Instance(uint index);

        public ItemShape Desc(ExternDesc desc) => desc.Kind switch
        {
            ExternKind.Func => ItemShape.FuncShape,
            ExternKind.TypeSubResource => ItemShape.ResourceShape,
            ExternKind.TypeEq or ExternKind.Instance => Type(desc.Index),
            ExternKind.Component => ItemShape.ComponentShape,
            ExternKind.CoreModule => ItemShape.ModuleShape,
            _ => ItemShape.TypeShape,
        };

        protected static ItemShape Member(ItemShape instance, string name) =>
            (instance as ItemShape.Instance)?.Member(name) ?? ItemShape.TypeShape;

        /// <summary>The shape a type definition gives: instance types list their exports.</summary>
        protected ItemShape Defined(DefinedType type) => type switch
        {
            DefinedType.Resource => ItemShape.ResourceShape,
            DefinedType.Instance instance => new DeclarationEnv(this, instance.Declarations).Shape,
            _ => ItemShape.TypeShape,
        };
    }

    private sealed class ComponentEnv(ComponentModel model, Env? parent) : Env(parent)
    {
        private readonly Dictionary<uint, ItemShape> _types = [];
        private readonly Dictionary<uint, ItemShape> _instances = [];

        public ItemShape Item(SortIndex item) => item.Sort switch
        {
            Sort.Func => ItemShape.FuncShape,
            Sort.Type => Type(item.Index),
            Sort.Instance => Instance(item.Index),
            Sort.Component => ItemShape.ComponentShape,
            Sort.CoreModule => ItemShape.ModuleShape,
            _ => ItemShape.TypeShape,
        };

        public override ItemShape Type(uint index)
        {
            if (!_types.TryGetValue(index, out var shape))
            {
                shape = model.Space(Sort.Type)[(int)index] switch
                {
                    Definition.Type type => Defined(type.Definition),
                    Definition.Import import => Desc(model.Imports[import.Index].Desc),
                    Definition.Export export => Item(model.Exports[export.Index].Item),
                    Definition.Alias { Target: AliasTarget.InstanceExport e } => Member(Instance(e.Instance), e.Name),
                    Definition.Alias { Target: AliasTarget.Outer o } => Up(o.Count).Type(o.Index),
                    _ => ItemShape.TypeShape,
                };
                _types[index] = shape;
            }
            return shape;
        }

        public override ItemShape Instance(uint index)
        {
            if (!_instances.TryGetValue(index, out var shape))
            {
                shape = model.Space(Sort.Instance)[(int)index] switch
                {
                    Definition.Import import => Desc(model.Imports[import.Index].Desc),
                    Definition.Export export => Item(model.Exports[export.Index].Item),
                    Definition.Alias { Target: AliasTarget.InstanceExport e } => Member(Instance(e.Instance), e.Name),
                    Definition.InlineInstance inline => new ItemShape.Instance(
                        inline.Exports.Select(e => KeyValuePair.Create(e.Name, Item(e.Item))).ToList()),
                    Definition.Instantiate instantiate => Instantiated(instantiate.ComponentIndex),
                    _ => ItemShape.EmptyInstance,
                };
                _instances[index] = shape;
            }
            return shape;
        }

        // The exports of a nested component defined here (a component imported or aliased has no body to look into).
        private ItemShape Instantiated(uint component)
        {
            if (model.Space(Sort.Component)[(int)component] is not Definition.Component nested)
            {
                return ItemShape.EmptyInstance;
            }
            var env = new ComponentEnv(nested.Model, this);
            return new ItemShape.Instance(nested.Model.Exports.Select(e => KeyValuePair.Create(e.Name, env.Item(e.Item))).ToList());
        }
    }

    /// <summary>The scope of a component or instance type's declarations, resolved in order.</summary>
    private sealed class DeclarationEnv : Env
    {
        private readonly List<ItemShape> _types = [];
        private readonly List<ItemShape> _instances = [];

        public DeclarationEnv(Env parent, IReadOnlyList<TypeDeclaration> declarations)
            : base(parent)
        {
            var exports = new List<KeyValuePair<string, ItemShape>>();
            foreach (var declaration in declarations)
            {
                switch (declaration)
                {
                    case TypeDeclaration.Type type:
                        _types.Add(Defined(type.Definition));
                        break;
                    case TypeDeclaration.Alias alias:
                        var shape = alias.Target switch
                        {
                            AliasTarget.Outer o => Up(o.Count).Type(o.Index),
                            AliasTarget.InstanceExport e => Member(Instance(e.Instance), e.Name),
                            _ => ItemShape.TypeShape,
                        };
                        (alias.Sort == Sort.Instance ? _instances : alias.Sort == Sort.Type ? _types : null)?.Add(shape);
                        break;
                    case TypeDeclaration.Export export:
                        exports.Add(KeyValuePair.Create(export.Name, Declare(export.Desc)));
                        break;
                    case TypeDeclaration.Import import:
                        Declare(import.Desc);
                        break;
                }
            }
            Shape = new ItemShape.Instance(exports);
        }

        public ItemShape Shape { get; }

        public override ItemShape Type(uint index) => index < _types.Count ? _types[(int)index] : ItemShape.TypeShape;

        public override ItemShape Instance(uint index) => index < _instances.Count ? _instances[(int)index] : ItemShape.EmptyInstance;

        private ItemShape Declare(ExternDesc desc)
        {
            var shape = Desc(desc);
            (desc.Sort == Sort.Type ? _types : desc.Sort == Sort.Instance ? _instances : null)?.Add(shape);
            return shape;
        }
    }
}
