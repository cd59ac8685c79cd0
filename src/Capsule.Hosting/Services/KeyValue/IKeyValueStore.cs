namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// One key-value store (a label of the app): what Spin 2's and Spin 3's
/// key-value and <c>wasi:keyvalue</c> (store, atomics, batch) need. Calls are
/// synchronous, as host calls are; safe from many threads at once. Every
/// failure is a <see cref="KeyValueException"/>; an operation that returned
/// has been acknowledged by the backend (SQLite committed, Redis replied).
/// </summary>
public interface IKeyValueStore
{
    /// <summary>The value of <paramref name="key"/>, or null when there is none.</summary>
    byte[]? Get(string key);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, replacing any value.</summary>
    void Set(string key, ReadOnlySpan<byte> value);

    /// <summary>Removes <paramref name="key"/>; no error when it is absent.</summary>
    void Delete(string key);

    /// <summary>Whether <paramref name="key"/> has a value.</summary>
    bool Exists(string key);

    /// <summary>Every key of the store.</summary>
    IReadOnlyList<string> GetKeys();

    /// <summary>
    /// Adds <paramref name="delta"/> to the 64-bit integer at <paramref name="key"/>
    /// (absent counts as 0) atomically and returns the new value.
    /// </summary>
    long Increment(string key, long delta);

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="value"/> only if its value is
    /// still <paramref name="expected"/> (null: the key is still absent), atomically.
    /// Returns false, changing nothing, when it is not.
    /// </summary>
    bool CompareAndSwap(string key, byte[]? expected, ReadOnlySpan<byte> value);

    /// <summary>The values of <paramref name="keys"/> that exist, in no particular order.</summary>
    IReadOnlyList<KeyValuePair<string, byte[]>> GetMany(IReadOnlyList<string> keys);

    /// <summary>Sets every pair.</summary>
    void SetMany(IReadOnlyList<KeyValuePair<string, byte[]>> pairs);

    /// <summary>Removes every key of <paramref name="keys"/>.</summary>
    void DeleteMany(IReadOnlyList<string> keys);
}
