using System.Collections.Frozen;

namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// An app's key-value stores by label, shared by all its instances. Each store
/// is made on first use (a file is created, a Redis connection is opened only
/// when a guest opens the label). Disposing closes the Redis connections.
/// </summary>
public sealed class KeyValueStores : IDisposable
{
    private readonly FrozenDictionary<string, Lazy<IKeyValueStore>> stores;

    /// <summary>The stores <paramref name="factories"/> make, by label.</summary>
    public KeyValueStores(IEnumerable<KeyValuePair<string, Func<IKeyValueStore>>> factories)
    {
        stores = factories.ToFrozenDictionary(f => f.Key, f => new Lazy<IKeyValueStore>(f.Value), StringComparer.Ordinal);
    }

    /// <summary>The labels defined (by runtime configuration, or <c>default</c>).</summary>
    public IEnumerable<string> Labels => stores.Keys;

    /// <summary>The store of <paramref name="label"/>, or null when no store has that label.</summary>
    public IKeyValueStore? Find(string label) => stores.TryGetValue(label, out var store) ? store.Value : null;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var store in stores.Values.Where(s => s.IsValueCreated))
        {
            (store.Value as IDisposable)?.Dispose();
        }
    }
}
