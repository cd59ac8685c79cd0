using System.Collections.Immutable;
using Capsule.Hosting.Manifest;
using Capsule.Hosting.Services.KeyValue;
using Capsule.Hosting.Services.Sqlite;
using Capsule.Runtime.Grants;

namespace Capsule.Hosting.Services.RuntimeConfig;

/// <summary>Reads Spin's runtime config shape with the manifest's TOML reader, so errors name file:line:key alike.</summary>
internal static class RuntimeConfigReader
{
    private static readonly string[] Keys = ["key_value_store", "sqlite_database"];

    // Spin's runtime config tables that Capsule does not serve yet: named, not called "unknown".
    private static readonly string[] SpinKeysNotSupported =
        ["variables_provider", "config_provider", "llm_compute", "client_tls", "state_dir", "log_dir", "max_instance_memory"];

    public static RuntimeConfigFile Read(string text, string fileName, string directory)
    {
        var root = ReadToml(text, fileName);
        var reader = new ManifestReader(fileName);
        reader.RefuseUnsupportedSpinKeys(root, "", SpinKeysNotSupported);
        reader.OnlyKeys(root, "", Keys);

        var stores = ImmutableDictionary.CreateBuilder<string, KeyValueStoreConfig>(StringComparer.Ordinal);
        foreach (var (label, node) in Labels(reader, root, "key_value_store"))
        {
            var key = $"key_value_store.{label}";
            stores.Add(label, Type(reader, node, key, "spin", "redis") switch
            {
                "spin" => ReadSpin(reader, node, key, label, directory, KeyValueLimits.DefaultMaxStoreBytes, (path, max) => new KeyValueStoreConfig.SqliteFile(path, max)),
                _ => ReadRedis(reader, node, key),
            });
        }
        var databases = ImmutableDictionary.CreateBuilder<string, SqliteDatabaseConfig>(StringComparer.Ordinal);
        foreach (var (label, node) in Labels(reader, root, "sqlite_database"))
        {
            var key = $"sqlite_database.{label}";
            Type(reader, node, key, "spin");
            databases.Add(label, ReadSpin(reader, node, key, label, directory, SqliteLimits.DefaultMaxDatabaseBytes, (path, max) => new SqliteDatabaseConfig(path, max)));
        }
        return new RuntimeConfigFile(stores.ToImmutable(), databases.ToImmutable());
    }

    // Tomlyn quotes a redefined table's text in its message; a runtime config may hold
    // a Redis password there, so that quote is cut off.
    private static TomlMap ReadToml(string text, string fileName)
    {
        try
        {
            return TomlReader.Read(text, fileName);
        }
        catch (ManifestException e) when (e.Message.Contains(" with `", StringComparison.Ordinal))
        {
            var problem = e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
            throw new ManifestException(e.File, e.Line, e.Key, problem[..problem.IndexOf(" with `", StringComparison.Ordinal)] + " (it cannot be defined twice)");
        }
    }

    private static IEnumerable<(string Label, TomlMap Table)> Labels(ManifestReader reader, TomlMap root, string name)
    {
        foreach (var (label, node) in reader.Table(root, name, "", required: false).Entries)
        {
            if (label.Length == 0)
            {
                throw reader.Error(node, name, "a label must not be empty");
            }
            yield return node is TomlMap table
                ? (label, table)
                : throw reader.Error(node, $"{name}.{label}", $"expected a table with a type, found {node.Describe()}");
        }
    }

    private static string Type(ManifestReader reader, TomlMap table, string key, params string[] supported)
    {
        var type = reader.String(table, "type", key, required: true)!;
        if (!supported.Contains(type))
        {
            var expected = string.Join(" or ", supported.Select(s => $"\"{s}\""));
            throw reader.Error(table.Get("type"), $"{key}.type", $"\"{type}\" is not supported by Capsule (expected {expected})");
        }
        return type;
    }

    // path may be left out for label default (the state folder's file, as without a runtime config);
    // max_size is the store's quota (a size such as "512MiB").
    private static T ReadSpin<T>(ManifestReader reader, TomlMap table, string key, string label, string directory, long defaultMax, Func<string?, long, T> make)
    {
        reader.OnlyKeys(table, key, "type", "path", "max_size");
        var path = reader.String(table, "path", key, required: label != ServiceDefaults.DefaultLabel);
        if (path is not null && (path.Length == 0 || path.Contains('\0')))
        {
            throw reader.Error(table.Get("path"), $"{key}.path", "expected the SQLite file's path (relative to this file's folder)");
        }
        var max = defaultMax;
        if (reader.String(table, "max_size", key, required: false) is { } size)
        {
            max = ByteSize.TryParse(size, out var bytes, out var error) && bytes > 0
                ? bytes
                : throw reader.Error(table.Get("max_size"), $"{key}.max_size", error ?? "expected a size greater than 0, e.g. \"512MiB\"");
        }
        return make(path is null ? null : Path.GetFullPath(Path.Combine(directory, path)), max);
    }

    private static KeyValueStoreConfig ReadRedis(ManifestReader reader, TomlMap table, string key)
    {
        reader.OnlyKeys(table, key, "type", "url");
        var url = reader.String(table, "url", key, required: true)!;
        if (!EnvironmentReferences.TryExpand(url, out var expanded, out var missing))
        {
            throw reader.Error(table.Get("url"), $"{key}.url", missing!);
        }
        // The message never quotes the URL: it may hold a password.
        return RedisAddress.TryParse(expanded!, out var address, out var error)
            ? new KeyValueStoreConfig.Redis(address!)
            : throw reader.Error(table.Get("url"), $"{key}.url", error!);
    }
}
