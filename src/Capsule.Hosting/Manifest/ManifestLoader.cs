using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Capsule.Hosting.Routing;

namespace Capsule.Hosting.Manifest;

/// <summary>
/// Reads and validates <c>capsule.toml</c> (Spin's spin.toml v2 shape).
/// Unknown keys, wrong types, missing files, malformed hosts and bad or
/// duplicate routes are errors naming the file, the line and the key.
/// </summary>
public static partial class ManifestLoader
{
    /// <summary>The file name looked for when a folder is given.</summary>
    public const string FileName = "capsule.toml";

    /// <summary>Looked for when a folder has no capsule.toml: the same shape, so a Spin app serves as it is.</summary>
    public const string SpinFileName = "spin.toml";

    /// <summary>
    /// Loads the manifest at <paramref name="path"/> (a file, or a folder
    /// holding capsule.toml, else spin.toml). With <paramref name="checkSources"/>
    /// false, a component's .wasm may be missing (it is about to be built).
    /// </summary>
    public static AppManifest Load(string path, bool checkSources = true, IReadOnlyList<IHostFeature>? features = null)
    {
        var file = Directory.Exists(path) ? FindIn(path) : path;
        if (!File.Exists(file))
        {
            throw new ManifestException(path, null, null, Directory.Exists(path) ? $"no {FileName} (or {SpinFileName}) in this folder" : "file not found");
        }
        return Parse(File.ReadAllText(file), Path.GetFullPath(file), displayName: file, checkSources, features);
    }

    private static string FindIn(string directory)
    {
        var capsule = Path.Combine(directory, FileName);
        var spin = Path.Combine(directory, SpinFileName);
        return !File.Exists(capsule) && File.Exists(spin) ? spin : capsule;
    }

    /// <summary>Validates manifest <paramref name="text"/>; relative paths resolve against <paramref name="fullPath"/>'s folder.</summary>
    public static AppManifest Parse(string text, string fullPath, string displayName, bool checkSources = true, IReadOnlyList<IHostFeature>? features = null)
    {
        var reader = new ManifestReader(displayName);
        var root = TomlReader.Read(text, displayName);
        features ??= AppFeatures.Create();
        var appKeys = features.OfType<IAppFeature>().SelectMany(f => f.AppKeys).ToList();
        reader.RefuseUnsupportedSpinKeys(root, "", [.. SpinAppKeys.Except(appKeys)]);
        reader.OnlyKeys(root, "", ["spin_manifest_version", "application", .. appKeys, "trigger", "component"]);
        if (root.Get("spin_manifest_version") is { } version && version is not TomlScalar { Value: 2L })
        {
            throw reader.Error(version, "spin_manifest_version", "expected 2 (the spin.toml v2 shape Capsule reads)");
        }
        var directory = Path.GetDirectoryName(fullPath)!;
        var application = ReadApplication(reader, root);
        var components = ReadComponents(reader, root, directory, checkSources, features);
        var triggers = ReadTriggers(reader, root, components, directory, checkSources, features);
        var cron = CronTriggerReader.Read(reader, reader.Table(root, "trigger", "", required: false), components);
        var redis = RedisTriggerReader.Read(reader, root, reader.Table(root, "trigger", "", required: false), components);
        return new AppManifest(fullPath, application, triggers, components, displayName, root) { CronTriggers = cron, RedisTriggers = redis };
    }

    private static ApplicationInfo ReadApplication(ManifestReader reader, TomlMap root)
    {
        var table = reader.Table(root, "application", "", required: true);
        reader.RefuseUnsupportedSpinKeys(table, "application", "targets");
        reader.OnlyKeys(table, "application", "name", "version", "description", "authors", "trigger", "tool");
        _ = reader.Array(table, "authors", "application");
        // [application.tool.<name>]: settings for other tools, which Spin ignores too.
        _ = reader.Table(table, "tool", "application", required: false);
        ApplicationTriggerSettings.Check(reader, reader.Table(table, "trigger", "application", required: false));
        return new ApplicationInfo(
            reader.String(table, "name", "application", required: true)!,
            reader.String(table, "version", "application", required: false),
            reader.String(table, "description", "application", required: false));
    }

    private static List<HttpTrigger> ReadTriggers(ManifestReader reader, TomlMap root, Dictionary<string, ComponentManifest> components, string directory, bool checkSources, IReadOnlyList<IHostFeature> features)
    {
        var trigger = reader.Table(root, "trigger", "", required: false);
        foreach (var (kind, node) in trigger.Entries.Where(e => e.Key is not ("http" or "cron" or "redis")))
        {
            throw reader.Error(node, $"trigger.{kind}", "unsupported trigger type (Capsule serves trigger.http, trigger.cron and trigger.redis)");
        }
        var entries = reader.Array(trigger, "http", "trigger");
        if (entries.Count == 0 && reader.Array(trigger, "cron", "trigger").Count == 0 && reader.Array(trigger, "redis", "trigger").Count == 0)
        {
            throw reader.Error(trigger.Get("http") ?? root.Get("trigger"), "trigger.http",
                "no [[trigger.http]] route, [[trigger.cron]] or [[trigger.redis]]: the app would run nothing, so it is refused (Spin refuses it too: \"No triggers in app\")");
        }
        var tables = new List<TomlMap>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not TomlMap entry)
            {
                throw reader.Error(entries[i], $"trigger.http[{i}]", $"expected a table, found {entries[i].Describe()}");
            }
            reader.RefuseUnsupportedSpinKeys(entry, $"trigger.http[{i}]", "static_response", "components", "dependencies");
            reader.OnlyKeys(entry, $"trigger.http[{i}]", "id", "route", "component", "executor");
            tables.Add(entry);
        }

        var ids = TriggerIds.Assign(reader, tables);
        var triggers = new List<HttpTrigger>();
        var router = new RouteTable<HttpTrigger>();
        for (var i = 0; i < tables.Count; i++)
        {
            var entry = tables[i];
            var path = $"trigger.http[{i}]";
            var route = reader.String(entry, "route", path, required: true)!;
            var component = ReadComponentRef(reader, root, entry, path, ids[i], components, directory, checkSources, features);
            var declared = new HttpTrigger(route, component, entry.Get("route")!.Line, HttpExecutorReader.Read(reader, entry, path));
            try
            {
                router.Add(RoutePattern.Parse(route), declared);
            }
            catch (RouteException e)
            {
                throw reader.Error(entry.Get("route"), $"{path}.route", e.Message);
            }
            triggers.Add(declared);
        }
        return triggers;
    }

    /// <summary>
    /// The trigger's component: the id of a [component.x] table, or the
    /// component written inline, which gets Spin's generated id
    /// ("&lt;trigger id&gt;-component", else "inline-component&lt;n&gt;").
    /// </summary>
    private static string ReadComponentRef(
        ManifestReader reader, TomlMap root, TomlMap entry, string path, string triggerId, Dictionary<string, ComponentManifest> components, string directory, bool checkSources, IReadOnlyList<IHostFeature> features)
    {
        if (entry.Get("component") is TomlMap inline)
        {
            var id = $"{triggerId}-component";
            for (var n = 1; !KebabId().IsMatch(id) || components.ContainsKey(id); n++)
            {
                id = $"inline-component{n}";
            }
            components[id] = ComponentReader.Read(reader, root, inline, id, $"{path}.component", directory, checkSources, features);
            return id;
        }
        var component = reader.String(entry, "component", path, required: true)!;
        if (!components.ContainsKey(component))
        {
            var known = components.Count == 0 ? "none are defined" : $"defined: {string.Join(", ", components.Keys)}";
            throw reader.Error(entry.Get("component"), $"{path}.component", $"no component '{component}' ({known})");
        }
        return component;
    }

    private static Dictionary<string, ComponentManifest> ReadComponents(ManifestReader reader, TomlMap root, string directory, bool checkSources, IReadOnlyList<IHostFeature> features)
    {
        var components = new Dictionary<string, ComponentManifest>(StringComparer.Ordinal);
        foreach (var (id, node) in reader.Table(root, "component", "", required: false).Entries)
        {
            var path = $"component.{id}";
            if (!ComponentId().IsMatch(id))
            {
                throw reader.Error(node, path, "component ids use lowercase letters, digits, '-' and '_', starting with a letter");
            }
            if (node is not TomlMap table)
            {
                throw reader.Error(node, path, $"expected a table, found {node.Describe()}");
            }
            components[id] = ComponentReader.Read(reader, root, table, id, path, directory, checkSources, features);
        }
        return components;
    }

    // Spin's top-level keys that no feature of this host reads: named, not called "unknown".
    private static readonly string[] SpinAppKeys = ["variables"];

    [GeneratedRegex("^[a-z][a-z0-9_-]*$")]
    private static partial Regex ComponentId();

    // Spin's KebabId: what a generated inline-component id must be, else it falls back.
    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex KebabId();
}
