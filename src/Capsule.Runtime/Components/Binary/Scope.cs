namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// One scope of index spaces while reading: a component (whose entries are kept) or a component,
/// instance or module type (whose items are only counted, to check indices and outer aliases).
/// </summary>
internal sealed class Scope
{
    public Scope(Scope? parent, bool isComponent)
    {
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
        Spaces = isComponent ? Enumerable.Range(0, Sorts.Count).Select(_ => new List<Definition>()).ToArray() : null;
    }

    public Scope? Parent { get; }

    public int Depth { get; }

    /// <summary>The entries of a component scope; null for a type scope.</summary>
    public List<Definition>[]? Spaces { get; }

    public int[] Counts { get; } = new int[Sorts.Count];

    /// <summary>Core function types of a module-type scope, by core type index (null for a non-function type).</summary>
    public List<CoreFunctionType?> CoreFuncTypes { get; } = [];

    /// <summary>Import names seen in this scope (strongly unique).</summary>
    public HashSet<string> ImportNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Export names seen in this scope (strongly unique).</summary>
    public HashSet<string> ExportNames { get; } = new(StringComparer.Ordinal);
}
