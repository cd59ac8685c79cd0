namespace Capsule.Runtime.Components.Binary;

/// <summary>An index into one of a component's index spaces, e.g. <c>(core func 3)</c>.</summary>
/// <param name="Sort">The index space.</param>
/// <param name="Index">The position in it.</param>
public readonly record struct SortIndex(Sort Sort, uint Index)
{
    /// <inheritdoc/>
    public override string ToString() => $"({Sort.Name()} {Index})";
}
