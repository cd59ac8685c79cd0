namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// Bounds that hold for every key-value backend, so a guest cannot make the
/// host hold unbounded memory or handles.
/// </summary>
public static class KeyValueLimits
{
    /// <summary>
    /// Largest value a guest may set, 16 MiB. Spin bounds only what a read returns;
    /// Redis refuses strings over 512 MB and SQLite blobs over 1 GB by default, so the
    /// host would otherwise copy up to that much per call.
    /// </summary>
    public const int MaxValueBytes = 16 * 1024 * 1024;

    /// <summary>Longest key, 64 KiB of UTF-8 (keys are names, not data).</summary>
    public const int MaxKeyBytes = 64 * 1024;

    /// <summary>
    /// Most bytes one read may return (get-many, get-keys), 64 MiB: a batch of
    /// <see cref="MaxValueBytes"/> values is cut off with an error, not buffered whole.
    /// </summary>
    public const int MaxResultBytes = 64 * 1024 * 1024;

    /// <summary>A store's size quota in an SQLite file unless its runtime config sets <c>max_size</c>, 1 GiB (the file's pages).</summary>
    public const long DefaultMaxStoreBytes = 1L << 30;

    /// <summary>Stores one instance may hold open at once, 256: Spin's default store table capacity.</summary>
    public const int MaxOpenStores = 256;

    /// <summary>Throws <see cref="KeyValueException"/> when <paramref name="key"/> is too long.</summary>
    public static void CheckKey(string key)
    {
        if (key.Length > MaxKeyBytes / 3 && System.Text.Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw KeyValueException.Other($"key is longer than {MaxKeyBytes} bytes");
        }
    }

    /// <summary>Throws <see cref="KeyValueException"/> when <paramref name="value"/> is too large.</summary>
    public static void CheckValue(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxValueBytes)
        {
            throw KeyValueException.Other($"value of {value.Length} bytes is larger than the limit of {MaxValueBytes} bytes");
        }
    }
}
