namespace Capsule.Hosting.Manifest;

/// <summary>
/// Reads Spin's <c>[component.&lt;id&gt;.build]</c>: <c>command</c> is one command or a list run in
/// order (Spin 3's templates write <c>["npm install", "npm run build"]</c>), <c>workdir</c> a folder
/// inside the app folder, <c>watch</c> globs (relative to the working folder, as <c>spin watch</c> reads
/// them; <c>capsule up --watch</c> rebuilds on their changes).
/// </summary>
internal static class BuildReader
{
    /// <summary>The build step of a component table, or null when it has none.</summary>
    public static BuildCommand? Read(ManifestReader reader, TomlMap component, string path, string directory)
    {
        var key = $"{path}.build";
        if (component.Get("build") is null)
        {
            return null;
        }
        var table = reader.Table(component, "build", path, required: true);
        reader.OnlyKeys(table, key, "command", "workdir", "watch");
        var watch = new List<string>();
        foreach (var (item, i) in reader.Array(table, "watch", key).Select((n, i) => (n, i)))
        {
            if (item is not TomlScalar { Value: string glob })
            {
                throw reader.Error(item, $"{key}.watch[{i}]", $"expected a string, found {item.Describe()}");
            }
            watch.Add(glob);
        }
        var commandNode = table.Get("command") ?? throw reader.Error(table, $"{key}.command", "missing (expected a string or an array of strings)");
        var commands = ReadCommands(reader, commandNode, $"{key}.command");
        var workdir = ReadWorkdir(reader, table, key, directory);
        return new BuildCommand(commands, workdir, commandNode.Line) { Watch = watch };
    }

    private static List<string> ReadCommands(ManifestReader reader, TomlNode node, string key)
    {
        List<TomlNode> items = node switch
        {
            TomlScalar { Value: string } => [node],
            TomlList list => list.Items,
            _ => throw reader.Error(node, key, $"expected a string or an array of strings, found {node.Describe()}"),
        };
        var commands = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var at = node is TomlList ? $"{key}[{i}]" : key;
            commands.Add(items[i] switch
            {
                TomlScalar { Value: string text } when !string.IsNullOrWhiteSpace(text) => text,
                TomlScalar { Value: string } => throw reader.Error(items[i], at, "empty command"),
                _ => throw reader.Error(items[i], at, $"expected a string, found {items[i].Describe()}"),
            });
        }
        return commands.Count > 0 ? commands : throw reader.Error(node, key, "empty list (expected at least one command)");
    }

    // Relative to the manifest's folder, as in Spin; never outside the app folder.
    private static string ReadWorkdir(ManifestReader reader, TomlMap table, string key, string directory)
    {
        if (reader.String(table, "workdir", key, required: false) is not { } workdir)
        {
            return directory;
        }
        var node = table.Get("workdir");
        if (workdir.Contains('\0') || Path.IsPathRooted(workdir) || workdir.Replace('\\', '/').Split('/').Contains(".."))
        {
            throw reader.Error(node, $"{key}.workdir", $"'{workdir}' is outside the app folder (expected a relative folder without '..')");
        }
        var full = Path.GetFullPath(Path.Combine(directory, workdir));
        return Directory.Exists(full) ? full : throw reader.Error(node, $"{key}.workdir", $"folder not found: {full}");
    }
}
