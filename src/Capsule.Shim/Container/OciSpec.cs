using System.Text.Json;

namespace Capsule.Shim.Container;

/// <summary>
/// What the shim reads of the bundle's <c>config.json</c> (the OCI runtime
/// spec containerd wrote): the root folder, the process's arguments,
/// environment and working folder, the memory limit and the mounts.
/// </summary>
internal sealed record OciSpec(string RootPath, IReadOnlyList<string> Args, IReadOnlyList<string> Env, string Cwd, long? MemoryLimitBytes)
{
    /// <summary>The CRI's annotation saying a container is a pod's sandbox (its "pause" container).</summary>
    public const string ContainerTypeAnnotation = "io.kubernetes.cri.container-type";

    /// <summary>The network namespace to serve in (a pod's, made by the CRI), or null for the host's.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>True for a Kubernetes pod's sandbox container, which runs no app.</summary>
    public bool IsSandbox { get; init; }

    /// <summary>The spec's <c>mounts</c>, in order (<see cref="ContainerMounts"/> picks the ones the app is granted).</summary>
    public IReadOnlyList<OciMount> Mounts { get; init; } = [];

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
            var network = Get(Get(root, "linux"), "namespaces") is { ValueKind: JsonValueKind.Array } namespaces
                ? namespaces.EnumerateArray().FirstOrDefault(n => Get(n, "type") is { ValueKind: JsonValueKind.String } type && type.GetString() == "network")
                : default;
            var annotations = Get(root, "annotations");
            return new OciSpec(
                RootPath: Get(Get(root, "root"), "path") is { ValueKind: JsonValueKind.String } rootPath ? rootPath.GetString()! : "rootfs",
                Args: Strings(Get(process, "args")),
                Env: Strings(Get(process, "env")),
                Cwd: Get(process, "cwd") is { ValueKind: JsonValueKind.String } cwd ? cwd.GetString()! : "/",
                MemoryLimitBytes: Get(Get(Get(Get(root, "linux"), "resources"), "memory"), "limit") is { ValueKind: JsonValueKind.Number } limit
                    && limit.TryGetInt64(out var bytes) && bytes > 0 ? bytes : null)
            {
                NetworkNamespace = Get(network, "path") is { ValueKind: JsonValueKind.String } netns && netns.GetString() is { Length: > 0 } netnsPath ? netnsPath : null,
                IsSandbox = Get(annotations, ContainerTypeAnnotation) is { ValueKind: JsonValueKind.String } kind && kind.GetString() == "sandbox",
                Mounts = Get(root, "mounts") is { ValueKind: JsonValueKind.Array } mounts
                    ? [.. mounts.EnumerateArray().Select(m => new OciMount(Text(m, "destination"), Text(m, "type"), Text(m, "source"), Strings(Get(m, "options"))))]
                    : [],
            };
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

    private static string Text(JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.String } text ? text.GetString()! : "";

    private static string[] Strings(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}

/// <summary>One entry of the spec's <c>mounts</c>: where, what kind, from where, with which options ("" when absent).</summary>
internal sealed record OciMount(string Destination, string Type, string Source, IReadOnlyList<string> Options);
