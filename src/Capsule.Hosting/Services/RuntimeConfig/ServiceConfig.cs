using Capsule.Hosting.Services.KeyValue;

namespace Capsule.Hosting.Services.RuntimeConfig;

/// <summary>Where one key-value store keeps its data, as a runtime config file's <c>[key_value_store.LABEL]</c> says.</summary>
public abstract record KeyValueStoreConfig
{
    private KeyValueStoreConfig()
    {
    }

    /// <summary>
    /// <c>type = "spin"</c>: an SQLite file at <paramref name="Path"/> (absolute; null: the state folder's, for label
    /// <c>default</c>), holding <paramref name="MaxSizeBytes"/> at most (<c>max_size</c>).
    /// </summary>
    public sealed record SqliteFile(string? Path, long MaxSizeBytes = KeyValueLimits.DefaultMaxStoreBytes) : KeyValueStoreConfig;

    /// <summary><c>type = "redis"</c>: a Redis database.</summary>
    public sealed record Redis(RedisAddress Address) : KeyValueStoreConfig;
}

/// <summary>
/// Where one SQLite database lives, as <c>[sqlite_database.LABEL] type = "spin"</c> says (absolute path; null: the
/// state folder's, for label <c>default</c>), and its size quota (<c>max_size</c>).
/// </summary>
public sealed record SqliteDatabaseConfig(string? Path, long MaxSizeBytes = Sqlite.SqliteLimits.DefaultMaxDatabaseBytes);
