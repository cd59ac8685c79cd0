using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Capsule.Runtime.Diagnostics;

namespace Capsule.Hosting.Registry;

/// <summary>
/// Lays out a pulled locked app as a folder <c>capsule up</c> serves: <c>wasm/&lt;hex&gt;.wasm</c>
/// per component, <c>files/&lt;component&gt;/&lt;path&gt;</c> per file (mounted at <c>/</c>, as Spin
/// mounts them) and a generated <c>capsule.toml</c>. Everything in the locked app is hostile:
/// component ids must be Spin ids, file paths relative with plain segments (no "..", no
/// absolute, no empty or "." segment) and resolving inside the folder, content must match
/// its digest, and every value is written to the manifest quoted.
/// </summary>
internal static partial class PulledAppWriter
{
    public static void Write(JsonObject locked, RegistryCache cache, string folder, string origin) => Lay(locked, cache, folder, origin, null);

    /// <summary>
    /// Checks that <paramref name="folder"/> is exactly what <see cref="Write"/> makes of
    /// <paramref name="locked"/>: the same manifest (its first line, naming where it came from,
    /// aside), every file holding the content of its digest, no file more, none a link or writable
    /// by another user. Throws a <see cref="RegistryException"/> naming the first difference.
    /// </summary>
    public static void Verify(JsonObject locked, string folder)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        Lay(locked, null, folder, "", expected);
    }

    // With expected set, nothing is written: each file is checked instead, and named in the set.
    private static void Lay(JsonObject locked, RegistryCache? cache, string folder, string origin, HashSet<string>? expected)
    {
        if (locked["must_understand"] is JsonArray { Count: > 0 } || locked["host_requirements"] is JsonObject { Count: > 0 })
        {
            throw Bad($"the app requires host features Capsule does not have ({locked["must_understand"]?.ToJsonString() ?? locked["host_requirements"]!.ToJsonString()})");
        }
        var toml = new StringBuilder();
        toml.Append("# Pulled from ").Append(origin.ReplaceLineEndings(" ")).Append(" by capsule registry pull; generated from its locked app.\n");
        toml.Append("spin_manifest_version = 2\n\n[application]\n");
        var metadata = locked["metadata"] as JsonObject ?? [];
        toml.Append("name = ").Append(TomlText.String(Text(metadata["name"]) ?? "app")).Append('\n');
        foreach (var key in new[] { "version", "description" })
        {
            if (Text(metadata[key]) is { } value)
            {
                toml.Append(key).Append(" = ").Append(TomlText.String(value)).Append('\n');
            }
        }
        if (locked["variables"] is JsonObject { Count: > 0 } variables)
        {
            // Written as Spin declares them; capsule up says by name what it does not serve yet.
            toml.Append("\n[variables]\n");
            foreach (var (name, variable) in variables)
            {
                var spec = variable as JsonObject ?? [];
                var entries = new List<string>();
                if (Text(spec["default"]) is { } value)
                {
                    entries.Add($"default = {TomlText.String(value)}");
                }
                else
                {
                    entries.Add("required = true");
                }
                if (spec["secret"] is JsonValue s && s.GetValueKind() == JsonValueKind.True)
                {
                    entries.Add("secret = true");
                }
                toml.Append(TomlText.String(name)).Append(" = { ").Append(string.Join(", ", entries)).Append(" }\n");
            }
        }
        WriteTriggers(locked, toml);
        var components = locked["components"] as JsonArray ?? throw Bad("it has no components list");
        var fileCount = 0;
        foreach (var node in components)
        {
            WriteComponent(node as JsonObject ?? throw Bad("a component is not an object"), cache, folder, toml, ref fileCount, expected);
        }
        if (expected is null)
        {
            File.WriteAllText(Path.Combine(folder, "capsule.toml"), toml.ToString());
            return;
        }
        PulledAppCheck.Manifest(folder, toml.ToString());
        PulledAppCheck.NothingElse(folder, expected);
    }

    // Every trigger type Capsule serves, as the manifest writes it; values through TomlText (hostile).
    private static void WriteTriggers(JsonObject locked, StringBuilder toml)
    {
        var defaults = (locked["metadata"] as JsonObject)?["triggers"] as JsonObject;
        foreach (var node in locked["triggers"] as JsonArray ?? throw Bad("it has no triggers list"))
        {
            var trigger = node as JsonObject ?? throw Bad("a trigger is not an object");
            var config = trigger["trigger_config"] as JsonObject ?? [];
            switch (Text(trigger["trigger_type"]))
            {
                case "http":
                    WriteHttpTrigger(trigger, config, toml);
                    break;
                case "cron":
                    toml.Append("\n[[trigger.cron]]\n");
                    Key(toml, "component", Text(config["component"]));
                    Key(toml, "cron_expression", Text(config["cron_expression"]));
                    break;
                case "redis":
                    var address = Text(config["address"]) ?? Text((defaults?["redis"] as JsonObject)?["address"])
                        ?? throw Bad($"redis trigger '{Text(trigger["id"])}' has no address");
                    toml.Append("\n[[trigger.redis]]\n");
                    Key(toml, "channel", Text(config["channel"]));
                    Key(toml, "component", Text(config["component"]));
                    Key(toml, "address", address);
                    break;
                case var type:
                    throw Bad($"trigger '{Text(trigger["id"])}' is of type '{type}'; Capsule serves http, cron and redis triggers");
            }
        }
    }

    private static void WriteHttpTrigger(JsonObject trigger, JsonObject config, StringBuilder toml)
    {
        var executor = config["executor"] as JsonObject;
        var executorType = Text(executor?["type"]);
        if (executorType is not (null or "http" or "spin" or "wagi"))
        {
            throw Bad($"trigger '{Text(trigger["id"])}' uses the '{executorType}' executor; Capsule runs wasi:http components and WAGI modules only");
        }
        if (config["route"] is JsonObject)
        {
            return; // { private = true }: reachable only through service chaining, which Capsule does not do.
        }
        toml.Append("\n[[trigger.http]]\n");
        Key(toml, "route", Text(config["route"]) ?? "");
        Key(toml, "component", Text(config["component"]) ?? "");
        if (executorType == "wagi")
        {
            toml.Append("executor = { type = \"wagi\"");
            foreach (var key in new[] { "entrypoint", "argv" })
            {
                if (Text(executor![key]) is { } value)
                {
                    toml.Append(", ").Append(key).Append(" = ").Append(TomlText.String(value));
                }
            }
            toml.Append(" }\n");
        }
    }

    private static void Key(StringBuilder toml, string key, string? value) =>
        toml.Append(key).Append(" = ").Append(TomlText.String(value ?? "")).Append('\n');

    private static void WriteComponent(JsonObject component, RegistryCache? cache, string folder, StringBuilder toml, ref int fileCount, HashSet<string>? expected)
    {
        var id = Text(component["id"]) ?? "";
        if (id.Length > 64 || !ComponentId().IsMatch(id))
        {
            throw Bad($"component id \"{id}\" is not a Spin id (lowercase words of letters and digits joined by '-', at most 64 characters)");
        }
        if (component["dependencies"] is JsonObject { Count: > 0 })
        {
            throw Bad($"component '{id}' has dependencies (component composition), which Capsule does not do");
        }
        var source = component["source"] as JsonObject ?? throw Bad($"component '{id}' has no source");
        var wasmDigest = Text(source["digest"]);
        var wasmName = $"{(OciDigest.IsSha256(wasmDigest) ? OciDigest.Hex(wasmDigest!) : id)}.wasm";
        var wasmPath = Path.Combine(folder, "wasm", wasmName);
        if (expected is not null)
        {
            if (expected.Add(wasmPath))
            {
                PulledAppCheck.Content(source, wasmPath, $"component '{id}' source");
            }
        }
        else if (!File.Exists(wasmPath))
        {
            Directory.CreateDirectory(Path.Combine(folder, "wasm"));
            WriteContent(source, cache!, wasmPath, $"component '{id}' source");
        }
        toml.Append($"\n[component.{id}]\n");
        toml.Append("source = ").Append(TomlText.String($"wasm/{wasmName}")).Append('\n');
        if (component["files"] is JsonArray { Count: > 0 } files)
        {
            var root = Path.Combine(folder, "files", id);
            if (expected is null)
            {
                Directory.CreateDirectory(root);
            }
            foreach (var file in files)
            {
                if (++fileCount > PullLimits.Files)
                {
                    throw Bad($"it has more than {PullLimits.Files} files");
                }
                WriteFile(file as JsonObject ?? throw Bad($"a file of component '{id}' is not an object"), cache, root, id, expected);
            }
            toml.Append("files = [{ source = ").Append(TomlText.String($"files/{id}")).Append(", destination = \"/\" }]\n");
        }
        AppendValue(toml, "environment", component["env"], id);
        var metadata = component["metadata"] as JsonObject ?? [];
        // Spin's metadata keys and the manifest keys they come from; Capsule refuses by name those it does not grant yet.
        foreach (var (key, manifestKey) in new[] { ("allowed_outbound_hosts", "allowed_outbound_hosts"), ("key_value_stores", "key_value_stores"), ("databases", "sqlite_databases"), ("ai_models", "ai_models") })
        {
            if (metadata[key] is JsonArray { Count: > 0 } list)
            {
                AppendValue(toml, manifestKey, list, id);
            }
        }
        if (component["config"] is JsonObject { Count: > 0 } config)
        {
            AppendValue(toml, "variables", config, id);
        }
        AppendValue(toml, "instance_reuse", metadata[LockedAppJson.ReuseKey], id);
        if (metadata[LockedAppJson.LimitsKey] is JsonObject limits)
        {
            toml.Append($"\n[component.{id}.limits]\n");
            foreach (var (key, value) in limits)
            {
                AppendValue(toml, TomlText.String(key), value, id);
            }
        }
    }

    private static void AppendValue(StringBuilder toml, string key, JsonNode? value, string id)
    {
        if (value is null)
        {
            return;
        }
        toml.Append(key).Append(" = ").Append(TomlText.Value(value) ?? throw Bad($"component '{id}': {key} has a value a manifest cannot hold")).Append('\n');
    }

    private static void WriteFile(JsonObject file, RegistryCache? cache, string root, string id, HashSet<string>? expected)
    {
        var path = Text(file["path"]) ?? "";
        var segments = path.Split('/');
        if (path.Length == 0 || path.Length > 4096 || path.StartsWith('/') || path.Contains('\0')
            || segments.Any(s => s is "" or "." or ".." || s.Length > 255))
        {
            throw Bad($"component '{id}' has a file path \"{OneLine.Escape(path)}\" that is absolute, empty, or has an empty, '.' or '..' segment");
        }
        var target = Path.GetFullPath(Path.Combine(root, path));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Bad($"component '{id}' has a file path \"{OneLine.Escape(path)}\" that leads out of its folder");
        }
        if (expected is not null)
        {
            expected.Add(target);
            PulledAppCheck.Content(file, target, $"file \"{OneLine.Escape(path)}\" of component '{id}'");
            return;
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            WriteContent(file, cache!, target, $"file \"{OneLine.Escape(path)}\" of component '{id}'");
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw Bad($"component '{id}' has the file path \"{OneLine.Escape(path)}\" twice (or as a file and a folder): {e.Message}");
        }
    }

    // Inline bytes (checked against the digest when there is one), else the blob of that digest.
    private static void WriteContent(JsonObject content, RegistryCache cache, string target, string what)
    {
        var digest = Text(content["digest"]);
        if (digest is not null && !OciDigest.IsSha256(digest))
        {
            throw Bad($"{what} has a digest that is not sha256 ({digest})");
        }
        if (Text(content["inline"]) is { } inline)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(inline);
            }
            catch (FormatException)
            {
                throw Bad($"{what} has inline content that is not base64");
            }
            if (digest is not null && OciDigest.Of(bytes) != digest)
            {
                throw new RegistryException(RegistryFailure.Unavailable, $"{what}: its inline content does not match its digest {digest}: refused");
            }
            using var stream = PrivateFiles.CreateFile(target, FileMode.CreateNew);
            stream.Write(bytes);
            return;
        }
        if (digest is null)
        {
            throw Bad($"{what} has neither inline content nor a digest (a source URL is not pulled)");
        }
        cache.CopyBlob(digest, target, what);
    }

    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    internal static RegistryException Bad(string why) => new(RegistryFailure.BadInput, $"the pulled app cannot be served: {why}");

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex ComponentId();
}
