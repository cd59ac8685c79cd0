namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// The <c>component-name</c> custom section: the component's own name and names of items per
/// index space. Optional and never trusted: a malformed section is ignored, as the spec asks.
/// </summary>
/// <param name="ComponentName">The component's name, or null.</param>
/// <param name="ItemNames">Per index space, index → name.</param>
public sealed record ComponentNames(string? ComponentName, IReadOnlyDictionary<Sort, IReadOnlyDictionary<uint, string>> ItemNames)
{
    /// <summary>No names.</summary>
    public static ComponentNames Empty { get; } = new(null, new Dictionary<Sort, IReadOnlyDictionary<uint, string>>());

    /// <summary>The name of <paramref name="item"/>, or null.</summary>
    public string? NameOf(SortIndex item) =>
        ItemNames.TryGetValue(item.Sort, out var names) && names.TryGetValue(item.Index, out var name) ? name : null;
}
