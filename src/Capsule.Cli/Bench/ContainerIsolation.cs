using System.Text.Json.Nodes;

namespace Capsule.Cli.Bench;

/// <summary>What a container can reach, read from the config.json it was started with.</summary>
public static class ContainerIsolation
{
    /// <summary>Facts about files, network, syscalls, memory and privileges in <paramref name="config"/>.</summary>
    public static List<IsolationFact> Read(JsonNode config)
    {
        var namespaces = Names(config["linux"]?["namespaces"], "type");
        var mounts = Names(config["mounts"], "destination");
        var seccomp = config["linux"]?["seccomp"];
        var capabilities = Names(config["process"]?["capabilities"]?["bounding"], null);
        var memoryLimit = config["linux"]?["resources"]?["memory"]?["limit"];
        var readOnly = (bool?)config["root"]?["readonly"] == true;
        return
        [
            Fact("files", $"its own rootfs ({(readOnly ? "read-only" : "writable")}) plus {mounts.Count} kernel mounts ({string.Join(", ", mounts)})"),
            Fact("network", namespaces.Contains("network") ? "its own network namespace" : "the host's network stack (no network namespace): every port and address of the host"),
            Fact("syscalls", seccomp is null
                ? "no seccomp filter: every syscall of the host's kernel, which it shares"
                : $"a seccomp filter ({seccomp["syscalls"]?.AsArray().Count ?? 0} rules) over the host's kernel, which it shares"),
            Fact("memory", $"its own processes ({string.Join(", ", namespaces)} namespaces); "
                + (memoryLimit is null ? "no memory limit" : $"memory limit {(long)memoryLimit} bytes")),
            Fact("privileges", $"uid {(int?)config["process"]?["user"]?["uid"] ?? 0} in the container, {capabilities.Count} capabilities ({string.Join(", ", capabilities.Select(c => c.Replace("CAP_", "", StringComparison.Ordinal)))}), "
                + ((bool?)config["process"]?["noNewPrivileges"] == true ? "no new privileges" : "may gain privileges")),
        ];
    }

    private static IsolationFact Fact(string subject, string fact) => new(PeerForm.Container, subject, fact);

    private static List<string> Names(JsonNode? array, string? key) =>
        array is JsonArray items
            ? [.. items.Select(i => key is null ? (string?)i : (string?)i?[key]).OfType<string>()]
            : [];
}
