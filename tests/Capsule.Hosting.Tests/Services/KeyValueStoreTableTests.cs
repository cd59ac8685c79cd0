using Capsule.Hosting.Services.KeyValue;
using Capsule.Hosting.Services.Sqlite;

namespace Capsule.Hosting.Tests.Services;

/// <summary>An instance opens only the labels its component lists, and a bounded number of stores.</summary>
public sealed class KeyValueStoreTableTests : IDisposable
{
    private readonly TempDir dir = new();

    private KeyValueStores Stores() => new(
    [
        new("default", () => new SqliteKeyValueStore(new SqliteFile(dir.Combine("key-value.db")), "default")),
        new("cache", () => new SqliteKeyValueStore(new SqliteFile(dir.Combine("cache.db")), "cache")),
    ]);

    [Fact]
    public void A_label_not_granted_is_access_denied_even_when_the_app_defines_it()
    {
        using var stores = Stores();
        var table = new KeyValueStoreTable(stores, new HashSet<string> { "default", "undefined" });

        var denied = Assert.Throws<KeyValueException>(() => table.Open("cache"));
        var unknown = Assert.Throws<KeyValueException>(() => table.Open("undefined"));
        table.Get(table.Open("default")).Set("k", "v"u8);

        Assert.IsType<KeyValueError.AccessDenied>(denied.Error);
        Assert.IsType<KeyValueError.NoSuchStore>(unknown.Error);
        Assert.False(File.Exists(dir.Combine("cache.db")));
        Assert.True(File.Exists(dir.Combine("key-value.db")));
    }

    [Fact]
    public void Opening_more_stores_than_the_table_holds_is_store_table_full_until_one_is_closed()
    {
        using var stores = Stores();
        var table = new KeyValueStoreTable(stores, new HashSet<string> { "default" });
        var handles = Enumerable.Range(0, KeyValueLimits.MaxOpenStores).Select(_ => table.Open("default")).ToList();

        var full = Assert.Throws<KeyValueException>(() => table.Open("default"));
        table.Close(handles[10]);
        var reopened = table.Open("default");

        Assert.IsType<KeyValueError.StoreTableFull>(full.Error);
        Assert.Throws<KeyValueException>(() => table.Get(handles[10]));
        Assert.Null(table.Get(reopened).Get("absent"));
    }

    [Fact]
    public void The_default_store_file_is_created_on_first_use_not_before()
    {
        using var stores = Stores();
        var table = new KeyValueStoreTable(stores, new HashSet<string> { "default" });

        var handle = table.Open("default");
        var before = File.Exists(dir.Combine("key-value.db"));
        table.Get(handle).Exists("k");

        Assert.False(before);
        Assert.True(File.Exists(dir.Combine("key-value.db")));
    }

    public void Dispose() => dir.Dispose();
}
