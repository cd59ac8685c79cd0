namespace Capsule.Runtime.Features;

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

    // Shared objects: their one rep, and how many guest handles point at it
    // (made with the first shared entry: many stores never hold one).
    private Dictionary<object, uint>? _sharedReps;
    private Dictionary<uint, int>? _handleCounts;
    private readonly int _capacity;
    private uint _next = 1;

    /// <summary>An empty table holding at most <paramref name="capacity"/> entries.</summary>
    public ResourceTable(int capacity = DefaultCapacity) => _capacity = capacity;

    /// <summary>How many entries are live.</summary>
    public int Count => _entries.Count;

    // For the error: which kinds of handle fill the table (a guest leaking one kind shows at once).
    private string MostHeld() => string.Join(", ", _entries.Values
        .GroupBy(e => e.GetType().Name)
        .OrderByDescending(g => g.Count())
        .Take(3)
        .Select(g => $"{g.Count()} {g.Key}"));

    /// <summary>
    /// Adds <paramref name="resource"/> and returns its rep. An
    /// <see cref="ISharedResource"/> already in the table gets its existing
    /// rep back and counts one more handle instead of a new entry.
    /// </summary>
    public uint Add(object resource)
    {
        if (resource is ISharedResource && _sharedReps is not null && _sharedReps.TryGetValue(resource, out var shared))
        {
            _handleCounts![shared]++;
            return shared;
        }
        if (_entries.Count >= _capacity)
        {
            throw new ResourceTableFullException(_capacity, MostHeld());
        }
        while (_next == 0 || _entries.ContainsKey(_next))
        {
            _next++;
        }
        var rep = _next++;
        _entries[rep] = resource;
        if (resource is ISharedResource)
        {
            (_sharedReps ??= new(ReferenceEqualityComparer.Instance))[resource] = rep;
            (_handleCounts ??= [])[rep] = 1;
        }
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
        if (!Release(rep))
        {
            _entries.Remove(rep);
        }
        return entry;
    }

    /// <summary>Removes and disposes entry <paramref name="rep"/> (a guest dropped its handle).</summary>
    public void Delete(uint rep)
    {
        if (!Release(rep) && _entries.Remove(rep, out var entry))
        {
            (entry as IDisposable)?.Dispose();
        }
    }

    // One handle to a shared entry is gone; true while others still point at it.
    private bool Release(uint rep)
    {
        if (_handleCounts is null || !_handleCounts.TryGetValue(rep, out var count))
        {
            return false;
        }
        if (count > 1)
        {
            _handleCounts[rep] = count - 1;
            return true;
        }
        _handleCounts.Remove(rep);
        _sharedReps!.Remove(_entries[rep]);
        return false;
    }

    /// <summary>Disposes every entry still held: the guest's leftovers when its store ends.</summary>
    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            (entry as IDisposable)?.Dispose();
        }
        _entries.Clear();
        _sharedReps?.Clear();
        _handleCounts?.Clear();
    }
}

/// <summary>
/// A host object the guest may be handed any number of times (a stream's
/// readiness, an always-ready pollable): the table keeps one entry and
/// counts the handles, so a guest that never drops them (componentize-js
/// leaks one pollable per request-body read) cannot fill the table.
/// </summary>
public interface ISharedResource;

/// <summary>A guest holds as many handles as its store allows.</summary>
public sealed class ResourceTableFullException(int capacity, string mostHeld)
    : Exception($"the guest holds {capacity} handles, the most one instance may hold (most held: {mostHeld})");
