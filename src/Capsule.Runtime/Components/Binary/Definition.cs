namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// One entry of one of a component's index spaces: where the item comes from. Indices inside refer
/// to the same component's index spaces as they were when the entry was read (always earlier entries).
/// </summary>
public abstract record Definition
{
    private Definition()
    {
    }

    /// <summary>An alias (any sort). For an outer alias, <paramref name="OuterTarget"/> is the entry it names.</summary>
    public sealed record Alias(AliasTarget Target, Definition? OuterTarget) : Definition;

    /// <summary>Import <paramref name="Index"/> of this component (any sort).</summary>
    public sealed record Import(int Index) : Definition;

    /// <summary>Export <paramref name="Index"/> of this component, which gives its item a new index.</summary>
    public sealed record Export(int Index) : Definition;

    /// <summary>A core module embedded here.</summary>
    public sealed record CoreModule(CoreModuleBinary Module) : Definition;

    /// <summary>A core type defined here.</summary>
    public sealed record CoreType(CoreTypeDefinition Core) : Definition;

    /// <summary>A core instance made by instantiating core module <paramref name="Module"/>.</summary>
    public sealed record CoreInstantiate(uint Module, IReadOnlyList<CoreInstantiateArg> Args) : Definition;

    /// <summary>A core instance made of other core items.</summary>
    public sealed record CoreInlineInstance(IReadOnlyList<CoreInlineExport> Exports) : Definition;

    /// <summary>A core function or component function made by a canonical definition.</summary>
    public sealed record Canon(CanonDefinition Function) : Definition;

    /// <summary>A nested component.</summary>
    public sealed record Component(ComponentModel Model) : Definition;

    /// <summary>An instance made by instantiating component <paramref name="ComponentIndex"/>.</summary>
    public sealed record Instantiate(uint ComponentIndex, IReadOnlyList<InstantiateArg> Args) : Definition;

    /// <summary>An instance made of other items.</summary>
    public sealed record InlineInstance(IReadOnlyList<InlineExport> Exports) : Definition;

    /// <summary>A type defined here.</summary>
    public sealed record Type(DefinedType Definition) : Definition;
}

/// <summary>A core instantiation argument: the instance <paramref name="CoreInstance"/> for import module <paramref name="Name"/>.</summary>
/// <param name="Name">The module name the instantiated module imports from.</param>
/// <param name="CoreInstance">Core instance index.</param>
public sealed record CoreInstantiateArg(string Name, uint CoreInstance);

/// <summary>An export of an inline core instance.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Item">A core item.</param>
public sealed record CoreInlineExport(string Name, SortIndex Item);

/// <summary>A component instantiation argument.</summary>
/// <param name="Name">The import name of the instantiated component.</param>
/// <param name="Item">What satisfies it.</param>
public sealed record InstantiateArg(string Name, SortIndex Item);

/// <summary>An export of an inline component instance.</summary>
/// <param name="Name">The export name.</param>
/// <param name="Item">The item.</param>
public sealed record InlineExport(string Name, SortIndex Item);
