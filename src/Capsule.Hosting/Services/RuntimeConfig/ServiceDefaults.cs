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
    public static KeyValueStores KeyValueStores(RuntimeConfigFile config, string stateFolder) =>
        new(config.KeyValueStores.Select(s => new KeyValuePair<string, Func<IKeyValueStore>>(s.Key, s.Value switch
        {
            KeyValueStoreConfig.Redis redis => () => new RedisKeyValueStore(redis.Address),
            KeyValueStoreConfig.SqliteFile file => () => new SqliteKeyValueStore(KeyValueFile(file, stateFolder), s.Key),
            _ => throw new InvalidOperationException("unknown store kind"),
        })).Append(new(DefaultLabel, () => new SqliteKeyValueStore(KeyValueFile(DefaultKeyValueStore, stateFolder), DefaultLabel)))
            .DistinctBy(s => s.Key));

    /// <summary>The SQLite file of key-value store <paramref name="label"/>, or null when it is not one (Redis) or not defined.</summary>
    public static SqliteFile? KeyValueFile(RuntimeConfigFile config, string stateFolder, string label) =>
        config.KeyValueStores.GetValueOrDefault(label) switch
        {
            KeyValueStoreConfig.SqliteFile file => KeyValueFile(file, stateFolder),
            null when label == DefaultLabel => KeyValueFile(DefaultKeyValueStore, stateFolder),
            _ => null,
        };

    /// <summary>Whether key-value store <paramref name="label"/> is a file in the state folder (the default's, when no path is configured).</summary>
    public static bool KeyValueInStateFolder(RuntimeConfigFile config, string label) =>
        label == DefaultLabel && config.KeyValueStores.GetValueOrDefault(label) is null or KeyValueStoreConfig.SqliteFile { Path: null };

    /// <summary>The SQLite databases of an app whose state folder is <paramref name="stateFolder"/>.</summary>
    public static SqliteDatabases SqliteDatabases(RuntimeConfigFile config, string stateFolder)
    {
        var databases = config.SqliteDatabases.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        databases.TryAdd(DefaultLabel, new SqliteDatabaseConfig(null));
        return Sqlite.SqliteDatabases.Of(databases.Select(d => new KeyValuePair<string, SqliteFile>(
            d.Key, d.Value.Path is { } path
                ? new SqliteFile(path, pooled: false, d.Value.MaxSizeBytes)
                : new SqliteFile(Path.Combine(stateFolder, SqliteFileName), pooled: false, d.Value.MaxSizeBytes, () => StateStoreFile.Prepare(stateFolder, SqliteFileName, create: true)))));
    }

    /// <summary>Whether database <paramref name="label"/> is a file in the state folder (the default's, when no path is configured).</summary>
    public static bool SqliteInStateFolder(RuntimeConfigFile config, string label) =>
        label == DefaultLabel && config.SqliteDatabases.GetValueOrDefault(label) is null or { Path: null };

    private static readonly KeyValueStoreConfig.SqliteFile DefaultKeyValueStore = new(null);

    private static SqliteFile KeyValueFile(KeyValueStoreConfig.SqliteFile file, string stateFolder) => file.Path is { } path
        ? new(path, maxSizeBytes: file.MaxSizeBytes)
        : new(Path.Combine(stateFolder, KeyValueFileName), maxSizeBytes: file.MaxSizeBytes, beforeFirstOpen: () => StateStoreFile.Prepare(stateFolder, KeyValueFileName, create: true));
}
