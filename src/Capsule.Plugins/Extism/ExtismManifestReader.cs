using System.Text.Json;
using Capsule.Plugins.Failures;

namespace Capsule.Plugins.Extism;

/// <summary>
/// Reads Extism's JSON manifest (<c>{"wasm": [{"path": ...}], "config": {...}, "allowed_hosts": [...],
/// "memory": {"max_pages": N, ...}, "timeout_ms": N}</c>). One wasm module from a local path, resolved inside
/// the manifest's folder. What Capsule does not support (URLs, several modules, <c>allowed_paths</c>) is refused
/// with a clear error, never dropped.
/// </summary>
public static class ExtismManifestReader
{
    /// <summary>The largest manifest read: 1 MiB.</summary>
    public const long MaxManifestBytes = 1 << 20;

    /// <summary>Reads the manifest at <paramref name="path"/>: the plugin's module path and its manifest.</summary>
    public static (string WasmPath, ExtismManifest Manifest) ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new PluginLoadException(path, "the manifest file does not exist");
        }
        if (info.Length > MaxManifestBytes)
        {
            throw new PluginLoadException(path, $"the manifest is larger than {MaxManifestBytes} bytes");
        }
        return Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path))!, path);
    }

    /// <summary>Parses manifest JSON whose relative wasm paths are inside <paramref name="root"/>.</summary>
    public static (string WasmPath, ExtismManifest Manifest) Parse(string json, string root, string name = "manifest")
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var top = doc.RootElement;
            Expect(top, JsonValueKind.Object, "the manifest");
            string? wasm = null;
            var manifest = new ExtismManifest();
            foreach (var field in top.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "wasm":
                        wasm = WasmPath(field.Value, root);
                        break;
                    case "config":
                        manifest = manifest with { Config = Strings(field.Value, "config") };
                        break;
                    case "allowed_hosts":
                        manifest = manifest with { AllowedHosts = field.Value.ValueKind == JsonValueKind.Null ? [] : StringList(field.Value, "allowed_hosts") };
                        break;
                    case "allowed_paths":
                        if (field.Value.ValueKind != JsonValueKind.Null && field.Value.EnumerateObject().Any())
                        {
                            throw new FormatException("allowed_paths is not supported: Capsule's Extism plugins get no file system");
                        }
                        break;
                    case "memory":
                        manifest = manifest with { Memory = Memory(field.Value) };
                        break;
                    case "timeout_ms":
                        manifest = manifest with { Timeout = field.Value.ValueKind == JsonValueKind.Null ? null : TimeSpan.FromMilliseconds(Positive(field.Value, "timeout_ms")) };
                        break;
                    default:
                        throw new FormatException($"unknown field '{field.Name}' (known: wasm, config, allowed_hosts, allowed_paths, memory, timeout_ms)");
                }
            }
            return (wasm ?? throw new FormatException("'wasm' is missing: it lists the plugin's module"), manifest);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new PluginLoadException(name, $"invalid Extism manifest: {e.Message}", e);
        }
    }

    private static string WasmPath(JsonElement list, string root)
    {
        Expect(list, JsonValueKind.Array, "'wasm'");
        if (list.GetArrayLength() != 1)
        {
            throw new FormatException($"'wasm' lists {list.GetArrayLength()} modules; Capsule runs plugins of exactly one module");
        }
        var item = list[0];
        Expect(item, JsonValueKind.Object, "'wasm[0]'");
        if (item.TryGetProperty("url", out _) || item.TryGetProperty("data", out _))
        {
            throw new FormatException("'wasm[0]' must be a local 'path' (url and data sources are not supported)");
        }
        if (!item.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String || path.GetString() is not { Length: > 0 } relative)
        {
            throw new FormatException("'wasm[0].path' is missing");
        }
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootFull, StringComparison.Ordinal) || LeadsOut(full, rootFull))
        {
            throw new FormatException($"'wasm[0].path' {relative} leaves the manifest's folder");
        }
        return full;
    }

    // A link on the way (the file or a folder under the root) that resolves outside the root.
    private static bool LeadsOut(string full, string rootFull)
    {
        for (var path = full; path.Length > rootFull.Length; path = Path.GetDirectoryName(path)!)
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                if (target is null || !target.StartsWith(rootFull, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static ExtismMemoryLimits Memory(JsonElement value)
    {
        Expect(value, JsonValueKind.Object, "'memory'");
        var limits = new ExtismMemoryLimits();
        foreach (var field in value.EnumerateObject())
        {
            limits = field.Name switch
            {
                "max_pages" => limits with { MaxPages = (uint)Math.Min(Positive(field.Value, "memory.max_pages"), 65536) },
                "max_http_response_bytes" => limits with { MaxHttpResponseBytes = Positive(field.Value, "memory.max_http_response_bytes") },
                "max_var_bytes" => limits with { MaxVarBytes = NonNegative(field.Value, "memory.max_var_bytes") },
                _ => throw new FormatException($"unknown field 'memory.{field.Name}' (known: max_pages, max_http_response_bytes, max_var_bytes)"),
            };
        }
        return limits;
    }

    private static Dictionary<string, string> Strings(JsonElement value, string what)
    {
        Expect(value, JsonValueKind.Object, $"'{what}'");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in value.EnumerateObject())
        {
            Expect(field.Value, JsonValueKind.String, $"'{what}.{field.Name}'");
            map[field.Name] = field.Value.GetString()!;
        }
        return map;
    }

    private static List<string> StringList(JsonElement value, string what)
    {
        Expect(value, JsonValueKind.Array, $"'{what}'");
        return [.. value.EnumerateArray().Select(e => { Expect(e, JsonValueKind.String, $"an item of '{what}'"); return e.GetString()!; })];
    }

    private static long Positive(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n > 0 ? n : throw new FormatException($"'{what}' must be a positive integer");

    private static long NonNegative(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0 ? n : throw new FormatException($"'{what}' must be a non-negative integer");

    private static void Expect(JsonElement value, JsonValueKind kind, string what)
    {
        if (value.ValueKind != kind)
        {
            throw new FormatException($"{what} must be a JSON {kind.ToString().ToLowerInvariant()}, not {value.ValueKind.ToString().ToLowerInvariant()}");
        }
    }
}
