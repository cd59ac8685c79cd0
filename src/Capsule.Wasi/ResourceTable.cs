namespace Capsule.Wasi;

/// <summary>
/// The host objects a guest holds handles to, by rep (the number Wasmtime
/// carries in a host resource handle). One per store, used by one thread.
/// Bounded: a guest that creates handles without end gets an error, not the
/// host's memory. Whatever is left when the store ends is disposed.
/// </summary>
public sealed class ResourceTable : IDisposable
{
    /// <summary>Default bound on live handles per store: far above what real guests hold (tens), far below harm.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Dictionary<uint, object> _entries = [];
    private readonly int _capacity;
    private uint _next = 1;

    /// <summary>An empty table holding at most <paramref name="capacity"/> entries.</summary>
    public ResourceTable(int capacity = DefaultCapacity) => _capacity = capacity;

    /// <summary>How many entries are live.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds <paramref name="resource"/> and returns its rep.</summary>
    public uint Add(object resource)
    {
        if (_entries.Count >= _capacity)
        {
            throw new ResourceTableFullException(_capacity);
        }
        while (_next == 0 || _entries.ContainsKey(_next))
        {
            _next++;
        }
        var rep = _next++;
        _entries[rep] = resource;
        return rep;
    }

    /// <summary>The entry <paramref name="rep"/> as a <typeparamref name="T"/>; a missing or mistyped rep is a guest bug and traps.</summary>
    public T Get<T>(uint rep)
        where T : class =>
        _entries.TryGetValue(rep, out var entry)
            ? entry as T ?? throw new InvalidOperationException($"handle {rep} is a {entry.GetType().Name}, not a {typeof(T).Name}")
            : throw new InvalidOperationException($"handle {rep} does not exist");

    /// <summary>Removes entry <paramref name="rep"/> without disposing it: the guest passed its owned handle to the host.</summary>
    public T Take<T>(uint rep)
        where T : class
    {
        var entry = Get<T>(rep);
        _entries.Remove(rep);
        return entry;
    }

    /// <summary>Removes and disposes entry <paramref name="rep"/> (a guest dropped its handle).</summary>
    public void Delete(uint rep)
    {
        if (_entries.Remove(rep, out var entry))
        {
            (entry as IDisposable)?.Dispose();
        }
    }

    /// <summary>Disposes every entry still held: the guest's leftovers when its store ends.</summary>
    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            (entry as IDisposable)?.Dispose();
        }
        _entries.Clear();
    }
}

/// <summary>A guest holds as many handles as its store allows.</summary>
public sealed class ResourceTableFullException(int capacity)
    : Exception($"the guest holds {capacity} handles, the most one instance may hold");
