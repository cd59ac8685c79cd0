using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Capsule.Hosting.Services.KeyValue;

/// <summary>A label of <c>key_value_stores</c> and the manifest line it is on (for start-up errors).</summary>
public sealed record KeyValueLabel(string Name, int? Line);

/// <summary>
/// What a component's <c>key_value_stores</c> granted: the labels it may open, and (once the app is
/// configured) the app's stores they resolve to. Without this grant a component opens no store.
/// </summary>
public sealed record KeyValueGrant(ImmutableArray<KeyValueLabel> Listed, KeyValueStores? Stores = null)
{
    /// <summary>The labels the component may open.</summary>
    public FrozenSet<string> Allowed { get; } = Listed.Select(l => l.Name).ToFrozenSet(StringComparer.Ordinal);
}
