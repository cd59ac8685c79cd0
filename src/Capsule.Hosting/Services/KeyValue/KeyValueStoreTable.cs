namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// The stores one instance has open, by handle: a component opens only the
/// labels its manifest lists (any other is <see cref="KeyValueError.AccessDenied"/>,
/// whether or not the app defines it), and at most <see cref="KeyValueLimits.MaxOpenStores"/>
/// at once (<see cref="KeyValueError.StoreTableFull"/>, as Spin). Used by one instance at a time.
/// </summary>
public sealed class KeyValueStoreTable(KeyValueStores stores, IReadOnlySet<string> allowedLabels, int capacity = KeyValueLimits.MaxOpenStores)
{
    private readonly OpenHandles<IKeyValueStore> open = new(capacity);

    /// <summary>Opens <paramref name="label"/>; returns its handle.</summary>
    public int Open(string label)
    {
        if (!allowedLabels.Contains(label))
        {
            throw new KeyValueException(new KeyValueError.AccessDenied());
        }
        var store = stores.Find(label) ?? throw new KeyValueException(new KeyValueError.NoSuchStore());
        return open.IsFull ? throw new KeyValueException(new KeyValueError.StoreTableFull()) : open.Add(new TracedKeyValueStore(store));
    }

    /// <summary>The store behind <paramref name="handle"/>.</summary>
    public IKeyValueStore Get(int handle) =>
        open.TryGet(handle, out var store) ? store : throw KeyValueException.Other("the store is not open");

    /// <summary>Closes <paramref name="handle"/>, freeing its place; closing twice is harmless.</summary>
    public void Close(int handle) => open.Remove(handle);
}
