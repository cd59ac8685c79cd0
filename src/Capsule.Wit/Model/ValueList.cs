using System.Collections;

namespace Capsule.Wit.Model;

/// <summary>
/// The lists the reader puts in the model: read-only, and equal when their items are equal, so that
/// two readings of the same text give equal models (a source generator's incremental cache relies on it).
/// </summary>
internal sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    public ValueList(IEnumerable<T> items) => _items = items.ToArray();

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var item in _items)
        {
            hash = unchecked((hash * 31) + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item)));
        }
        return hash;
    }

    /// <summary>The items, as a debugger or a record's ToString shows them.</summary>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
