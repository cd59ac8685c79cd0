namespace Capsule.Runtime.Configuration;

/// <summary>
/// Typed reads of TOML nodes; every wrong shape is a <see cref="ManifestException"/> naming the file,
/// line and key. Shared by the manifest reader and the host features that read their own keys.
/// </summary>
public sealed class ManifestReader(string fileName)
{
    /// <summary>The file as the user named it, for messages.</summary>
    public string FileName { get; } = fileName;

    /// <summary>The error for <paramref name="key"/> written at <paramref name="at"/>.</summary>
    public ManifestException Error(TomlNode? at, string key, string problem) => new(FileName, at?.Line, key, problem);

    /// <summary>Refuses any key of <paramref name="map"/> outside <paramref name="allowed"/>.</summary>
    public void OnlyKeys(TomlMap map, string path, params string[] allowed)
    {
        foreach (var (key, node) in map.Entries)
        {
            if (!allowed.Contains(key))
            {
                throw Error(node, Join(path, key), $"unknown key (expected one of: {string.Join(", ", allowed)})");
            }
        }
    }

    /// <summary>
    /// Refuses, by name, any of <paramref name="spinKeys"/> present in
    /// <paramref name="map"/>: Spin keys Capsule does not grant yet, which
    /// would otherwise be dropped silently or called "unknown".
    /// </summary>
    public void RefuseUnsupportedSpinKeys(TomlMap map, string path, params string[] spinKeys)
    {
        foreach (var key in spinKeys)
        {
            if (map.Get(key) is { } node)
            {
                throw Error(node, Join(path, key), "Spin's key is not supported by Capsule yet");
            }
        }
    }

    /// <summary>The table <paramref name="key"/> of <paramref name="parent"/>; an empty one when absent and not required.</summary>
    public TomlMap Table(TomlMap parent, string key, string path, bool required)
    {
        var node = parent.Get(key);
        return node switch
        {
            TomlMap map => map,
            null when !required => new TomlMap(parent.Line),
            null => throw Error(parent, Join(path, key), "missing (expected a table)"),
            _ => throw Error(node, Join(path, key), $"expected a table, found {node.Describe()}"),
        };
    }

    /// <summary>The string <paramref name="key"/>, or null when absent and not required.</summary>
    public string? String(TomlMap parent, string key, string path, bool required)
    {
        var node = parent.Get(key);
        return node switch
        {
            TomlScalar { Value: string text } => text,
            null when !required => null,
            null => throw Error(parent, Join(path, key), "missing (expected a string)"),
            _ => throw Error(node, Join(path, key), $"expected a string, found {node.Describe()}"),
        };
    }

    /// <summary>The integer <paramref name="key"/> within [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public int? Integer(TomlMap parent, string key, string path, int min, int max)
    {
        var node = parent.Get(key);
        return node switch
        {
            null => null,
            TomlScalar { Value: long n } when n >= min && n <= max => (int)n,
            TomlScalar { Value: long n } => throw Error(node, Join(path, key), $"{n} is out of range (expected {min} to {max})"),
            _ => throw Error(node, Join(path, key), $"expected an integer, found {node.Describe()}"),
        };
    }

    /// <summary>The items of array <paramref name="key"/>; none when absent.</summary>
    public List<TomlNode> Array(TomlMap parent, string key, string path)
    {
        var node = parent.Get(key);
        return node switch
        {
            TomlList list => list.Items,
            null => [],
            _ => throw Error(node, Join(path, key), $"expected an array, found {node.Describe()}"),
        };
    }

    /// <summary>The dotted key path of <paramref name="key"/> under <paramref name="path"/>.</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
