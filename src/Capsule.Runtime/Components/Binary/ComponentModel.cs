namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// A component read from its binary: its index spaces (every entry saying where its item comes
/// from), imports, exports, start function and names. Immutable; nested components are models of
/// their own. Made by <see cref="ComponentReader"/>.
/// </summary>
public sealed class ComponentModel
{
    private readonly IReadOnlyList<Definition>[] _spaces;

    internal ComponentModel(
        IReadOnlyList<Definition>[] spaces,
        IReadOnlyList<ComponentImport> imports,
        IReadOnlyList<ComponentExport> exports,
        ComponentStart? start,
        ComponentNames names,
        IReadOnlyList<string> customSections)
    {
        _spaces = spaces;
        Imports = imports;
        Exports = exports;
        Start = start;
        Names = names;
        CustomSections = customSections;
    }

    /// <summary>The imports, in order.</summary>
    public IReadOnlyList<ComponentImport> Imports { get; }

    /// <summary>The exports, in order.</summary>
    public IReadOnlyList<ComponentExport> Exports { get; }

    /// <summary>The start function, if any.</summary>
    public ComponentStart? Start { get; }

    /// <summary>Names from the <c>component-name</c> section.</summary>
    public ComponentNames Names { get; }

    /// <summary>The names of the custom sections, in order (contents are not kept).</summary>
    public IReadOnlyList<string> CustomSections { get; }

    /// <summary>The entries of one index space, in index order.</summary>
    public IReadOnlyList<Definition> Space(Sort sort) => _spaces[(int)sort];

    /// <summary>The entry for <paramref name="item"/>; throws when it is out of range (the reader checked every index it read).</summary>
    public Definition this[SortIndex item] => _spaces[(int)item.Sort][checked((int)item.Index)];

    /// <summary>The core modules embedded in this component (not nested ones), in index order.</summary>
    public IEnumerable<CoreModuleBinary> EmbeddedModules =>
        Space(Sort.CoreModule).OfType<Definition.CoreModule>().Select(m => m.Module);
}

/// <summary>A start function (🪙, read only).</summary>
/// <param name="Func">The function.</param>
/// <param name="Args">Value indices.</param>
/// <param name="Results">How many results.</param>
public sealed record ComponentStart(uint Func, IReadOnlyList<uint> Args, uint Results);
