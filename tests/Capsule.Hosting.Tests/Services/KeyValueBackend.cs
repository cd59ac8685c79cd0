using Capsule.Hosting.Services.KeyValue;
using Capsule.Hosting.Services.Sqlite;

namespace Capsule.Hosting.Tests.Services;

/// <summary>One real backend for a test: an SQLite file in a temp dir, or a redis-server of its own.</summary>
public sealed class KeyValueBackend : IDisposable
{
    private readonly TempDir dir = new();
    private readonly List<IKeyValueStore> opened = [];

    public KeyValueBackend(string kind)
    {
        Kind = kind;
        Redis = kind == "redis" ? new RedisServer() : null;
    }

    public string Kind { get; }

    public RedisServer? Redis { get; }

    public string SqlitePath => dir.Combine("state", "key-value.db");

    /// <summary>A new store object on the same data (a new file object or a new connection): as after a restart.</summary>
    public IKeyValueStore Open()
    {
        IKeyValueStore store = Redis is null
            ? new SqliteKeyValueStore(new SqliteFile(SqlitePath), "default")
            : new RedisKeyValueStore(Address());
        opened.Add(store);
        return store;
    }

    public RedisAddress Address()
    {
        Assert.True(RedisAddress.TryParse(Redis!.Url, out var address, out var error), error);
        return address!;
    }

    public void Dispose()
    {
        foreach (var store in opened)
        {
            (store as IDisposable)?.Dispose();
        }
        Redis?.Dispose();
        dir.Dispose();
    }
}
