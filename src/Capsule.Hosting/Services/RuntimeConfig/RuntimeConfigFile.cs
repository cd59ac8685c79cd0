using System.Collections.Immutable;
using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Services.RuntimeConfig;

/// <summary>
/// What <c>--runtime-config-file</c> (Spin's file) defines: key-value stores and SQLite
/// databases by label. Labels it does not define get the embedded defaults
/// (<see cref="ServiceDefaults"/>) when they are <c>default</c>.
/// </summary>
public sealed record RuntimeConfigFile(
    ImmutableDictionary<string, KeyValueStoreConfig> KeyValueStores,
    ImmutableDictionary<string, SqliteDatabaseConfig> SqliteDatabases)
{
    /// <summary>No file: every label is the embedded default.</summary>
    public static readonly RuntimeConfigFile Empty = new(
        ImmutableDictionary.Create<string, KeyValueStoreConfig>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, SqliteDatabaseConfig>(StringComparer.Ordinal));

    /// <summary>
    /// Reads <paramref name="path"/>. Every error is a <see cref="ManifestException"/> naming
    /// file:line:key; relative paths in it are relative to its folder.
    /// </summary>
    public static RuntimeConfigFile Load(string path, string displayName)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException(displayName, null, null, $"cannot read the runtime config file ({e.Message})");
        }
        return RuntimeConfigReader.Read(text, displayName, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
