namespace Capsule.Hosting.Services;

/// <summary>
/// What one instance has open of a service (stores, connections), by handle,
/// at most <see cref="Capacity"/> at once, so a guest cannot hold unbounded host
/// resources. Used by one instance at a time.
/// </summary>
public sealed class OpenHandles<T>(int capacity)
{
    private readonly Dictionary<int, T> open = [];
    private int nextHandle = 1;

    /// <summary>Most entries open at once.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Whether another entry fits.</summary>
    public bool IsFull => open.Count >= Capacity;

    /// <summary>Adds <paramref name="item"/> (the caller checked <see cref="IsFull"/>); returns its handle.</summary>
    public int Add(T item)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("the handle table is full");
        }
        var handle = nextHandle++;
        open.Add(handle, item);
        return handle;
    }

    /// <summary>The entry behind <paramref name="handle"/>, if open.</summary>
    public bool TryGet(int handle, out T item) => open.TryGetValue(handle, out item!);

    /// <summary>Removes <paramref name="handle"/>; returns its entry, or default when it was not open.</summary>
    public T? Remove(int handle) => open.Remove(handle, out var item) ? item : default;

    /// <summary>Every open entry (to close them when the instance ends).</summary>
    public IEnumerable<T> Items => open.Values;
}
