namespace Capsule.Shim;

/// <summary>
/// The command line containerd gives a shim v2 binary:
/// <c>-namespace NS -address SOCK -publish-binary PATH -id ID [-bundle DIR] [-debug] [start|delete]</c>
/// (Go flag syntax: one or two dashes, value as the next word or after '=').
/// </summary>
internal sealed record ShimFlags(string Namespace, string Address, string Id, string Bundle, bool Debug, string Action)
{
    /// <summary>containerd's ttrpc socket for events, from the environment containerd starts the shim with.</summary>
    public string? EventsAddress { get; init; } = Environment.GetEnvironmentVariable("TTRPC_ADDRESS");

    /// <summary>Parses <paramref name="args"/>; an unknown flag or a missing value is an <see cref="ArgumentException"/>.</summary>
    public static ShimFlags Parse(string[] args)
    {
        string ns = "", address = "", id = "", bundle = "", action = "";
        var debug = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                action = action.Length == 0 ? arg : throw new ArgumentException($"unexpected argument '{arg}'");
                continue;
            }
            var name = arg.TrimStart('-');
            string? value = null;
            if (name.IndexOf('=') is var equals and > 0)
            {
                (name, value) = (name[..equals], name[(equals + 1)..]);
            }
            if (name is "debug" or "v")
            {
                debug |= name == "debug";
                continue;
            }
            value ??= i + 1 < args.Length ? args[++i] : throw new ArgumentException($"flag -{name} needs a value");
            switch (name)
            {
                case "namespace": ns = value; break;
                case "address": address = value; break;
                case "id": id = value; break;
                case "bundle": bundle = value; break;
                case "publish-binary" or "socket": break; // events go over ttrpc (TTRPC_ADDRESS); the socket path is derived
                default: throw new ArgumentException($"unknown flag -{name}");
            }
        }
        return new ShimFlags(ns, address, id, bundle.Length > 0 ? bundle : Directory.GetCurrentDirectory(), debug, action);
    }

    /// <summary>The shim's own arguments, without the action (how <c>start</c> launches the serving process).</summary>
    public string[] ServeArguments() =>
        ["-namespace", Namespace, "-address", Address, "-id", Id, "-bundle", Bundle, .. Debug ? new[] { "-debug" } : []];
}
