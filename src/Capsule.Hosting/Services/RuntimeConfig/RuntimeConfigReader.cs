using System.Collections.Immutable;
using Capsule.Hosting.Manifest;
using Capsule.Hosting.Services.KeyValue;

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
                "spin" => ReadSpin(reader, node, key, directory, (path) => new KeyValueStoreConfig.SqliteFile(path)),
                _ => ReadRedis(reader, node, key),
            });
        }
        var databases = ImmutableDictionary.CreateBuilder<string, SqliteDatabaseConfig>(StringComparer.Ordinal);
        foreach (var (label, node) in Labels(reader, root, "sqlite_database"))
        {
            var key = $"sqlite_database.{label}";
            Type(reader, node, key, "spin");
            databases.Add(label, ReadSpin(reader, node, key, directory, path => new SqliteDatabaseConfig(path)));
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

    private static T ReadSpin<T>(ManifestReader reader, TomlMap table, string key, string directory, Func<string, T> make)
    {
        reader.OnlyKeys(table, key, "type", "path");
        var path = reader.String(table, "path", key, required: true)!;
        if (path.Length == 0 || path.Contains('\0'))
        {
            throw reader.Error(table.Get("path"), $"{key}.path", "expected the SQLite file's path (relative to this file's folder)");
        }
        return make(Path.GetFullPath(Path.Combine(directory, path)));
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
