using Capsule.Hosting.Services.KeyValue;
using Capsule.Hosting.Services.Sqlite;

namespace Capsule.Hosting.Services.RuntimeConfig;

/// <summary>
/// Builds an app's stores and databases from its runtime config, with the embedded
/// defaults for label <c>default</c> when the config does not define it: SQLite files in
/// the app's state folder (<c>.capsule/key-value.db</c>, <c>.capsule/sqlite.db</c>),
/// created on first use, so an app runs on a fresh machine with no configuration.
/// </summary>
public static class ServiceDefaults
{
    /// <summary>The label Spin and Capsule give the store and database that need no configuration.</summary>
    public const string DefaultLabel = "default";

    /// <summary>The default store's file name in the state folder.</summary>
    public const string KeyValueFileName = "key-value.db";

    /// <summary>The default database's file name in the state folder.</summary>
    public const string SqliteFileName = "sqlite.db";

    /// <summary>The key-value stores of an app whose state folder is <paramref name="stateFolder"/>.</summary>
    public static KeyValueStores KeyValueStores(RuntimeConfigFile config, string stateFolder)
    {
        var factories = config.KeyValueStores.Select(s => new KeyValuePair<string, Func<IKeyValueStore>>(s.Key, s.Value switch
        {
            KeyValueStoreConfig.Redis redis => () => new RedisKeyValueStore(redis.Address),
            KeyValueStoreConfig.SqliteFile file => () => new SqliteKeyValueStore(new SqliteFile(file.Path), s.Key),
            _ => throw new InvalidOperationException("unknown store kind"),
        })).ToList();
        if (!config.KeyValueStores.ContainsKey(DefaultLabel))
        {
            var path = Path.Combine(stateFolder, KeyValueFileName);
            factories.Add(new(DefaultLabel, () => new SqliteKeyValueStore(new SqliteFile(path), DefaultLabel)));
        }
        return new KeyValueStores(factories);
    }

    /// <summary>The SQLite databases of an app whose state folder is <paramref name="stateFolder"/>.</summary>
    public static SqliteDatabases SqliteDatabases(RuntimeConfigFile config, string stateFolder)
    {
        var paths = config.SqliteDatabases.Select(d => new KeyValuePair<string, string>(d.Key, d.Value.Path)).ToList();
        if (!config.SqliteDatabases.ContainsKey(DefaultLabel))
        {
            paths.Add(new(DefaultLabel, Path.Combine(stateFolder, SqliteFileName)));
        }
        return new SqliteDatabases(paths);
    }
}
