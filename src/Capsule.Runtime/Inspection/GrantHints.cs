namespace Capsule.Runtime.Inspection;

/// <summary>
/// Maps imports to the grants that would give them something to work with.
/// Deny-by-default means an import alone gets the guest nothing: this tells a
/// user which flag turns a capability on.
/// </summary>
internal static class GrantHints
{
    private sealed record Rule(string Capability, string HowToGrant, Func<string, bool> Matches);

    private static readonly Rule[] Rules =
    [
        new("files", "--dir HOST[::GUEST][:ro]", name =>
            name.StartsWith("wasi:filesystem/", StringComparison.Ordinal)
            || IsPreview1(name, "path_open", "fd_readdir", "fd_prestat_get", "path_create_directory", "path_unlink_file")),
        new("environment variables", "--env NAME=VALUE", name =>
            name.StartsWith("wasi:cli/environment@", StringComparison.Ordinal) || IsPreview1(name, "environ_get", "environ_sizes_get")),
        new("arguments", "-- ARGS...", name =>
            name.StartsWith("wasi:cli/environment@", StringComparison.Ordinal) || IsPreview1(name, "args_get", "args_sizes_get")),
        new("standard input", "--stdin inherit|FILE", name =>
            name.StartsWith("wasi:cli/stdin@", StringComparison.Ordinal) || IsPreview1(name, "fd_read")),
        new("outbound HTTP", "allowed_outbound_hosts in capsule.toml (every host is denied by default)", name =>
            name.StartsWith("wasi:http/outgoing-handler@", StringComparison.Ordinal)),
        new("network sockets", "not grantable: every socket operation is denied", name =>
            name.StartsWith("wasi:sockets/", StringComparison.Ordinal) || IsPreview1(name, "sock_accept", "sock_recv", "sock_send")),
    ];

    public static IReadOnlyList<GrantHint> For(IEnumerable<WasmItem> imports)
    {
        var names = imports.Select(i => i.Name).ToList();
        var hints = new List<GrantHint>();
        foreach (var rule in Rules)
        {
            var evidence = names.Where(rule.Matches).ToList();
            if (evidence.Count > 0)
            {
                hints.Add(new GrantHint(rule.Capability, rule.HowToGrant, evidence));
            }
        }
        return hints;
    }

    private static bool IsPreview1(string name, params string[] functions) =>
        functions.Any(f => name == $"wasi_snapshot_preview1::{f}");
}
