using System.Text.Json;

namespace Capsule.Shim.Container;

/// <summary>
/// What the shim reads of the bundle's <c>config.json</c> (the OCI runtime
/// spec containerd wrote): the root folder, the process's arguments,
/// environment and working folder, and the memory limit.
/// </summary>
internal sealed record OciSpec(string RootPath, IReadOnlyList<string> Args, IReadOnlyList<string> Env, string Cwd, long? MemoryLimitBytes)
{
    /// <summary>The largest config.json read (a spec is a few KiB).</summary>
    public const int MaxBytes = 4 << 20;

    /// <summary>Reads <c>config.json</c> in <paramref name="bundle"/>; a missing or malformed one is an <see cref="InvalidDataException"/> naming it.</summary>
    public static OciSpec Load(string bundle)
    {
        var path = Path.Combine(bundle, "config.json");
        try
        {
            using var file = File.OpenRead(path);
            if (file.Length > MaxBytes)
            {
                throw new InvalidDataException($"{path} is {file.Length} bytes, over {MaxBytes}");
            }
            using var json = JsonDocument.Parse(file);
            var root = json.RootElement;
            var process = Get(root, "process");
            return new OciSpec(
                RootPath: Get(Get(root, "root"), "path") is { ValueKind: JsonValueKind.String } rootPath ? rootPath.GetString()! : "rootfs",
                Args: Strings(Get(process, "args")),
                Env: Strings(Get(process, "env")),
                Cwd: Get(process, "cwd") is { ValueKind: JsonValueKind.String } cwd ? cwd.GetString()! : "/",
                MemoryLimitBytes: Get(Get(Get(Get(root, "linux"), "resources"), "memory"), "limit") is { ValueKind: JsonValueKind.Number } limit
                    && limit.TryGetInt64(out var bytes) && bytes > 0 ? bytes : null);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot read the OCI spec {path}: {e.Message}", e);
        }
    }

    /// <summary>The value of <c>NAME=value</c> in the environment, or null.</summary>
    public string? EnvValue(string name) =>
        Env.Where(e => e.StartsWith(name + "=", StringComparison.Ordinal)).Select(e => e[(name.Length + 1)..]).LastOrDefault();

    private static JsonElement Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string[] Strings(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
