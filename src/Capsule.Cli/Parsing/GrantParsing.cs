using Capsule.Runtime.Grants;

namespace Capsule.Cli.Parsing;

/// <summary>Parses the grant flags of <c>capsule run</c>; each error names the flag and the value.</summary>
internal static class GrantParsing
{
    /// <summary><c>HOST[::GUEST][:ro|:rw]</c>; the guest path defaults to the host path, as in wasmtime.</summary>
    public static bool TryParseDir(string text, out DirectoryMount? mount, out string? error)
    {
        mount = null;
        error = null;
        var spec = text;
        var readOnly = false;
        if (spec.EndsWith(":ro", StringComparison.Ordinal))
        {
            readOnly = true;
            spec = spec[..^3];
        }
        else if (spec.EndsWith(":rw", StringComparison.Ordinal))
        {
            spec = spec[..^3];
        }
        var parts = spec.Split("::", 2);
        var host = parts[0];
        var guest = parts.Length == 2 ? parts[1] : parts[0];
        if (host.Length == 0 || guest.Length == 0)
        {
            error = $"--dir '{text}': expected HOST[::GUEST][:ro]";
            return false;
        }
        var full = Path.GetFullPath(host);
        if (!Directory.Exists(full))
        {
            error = $"--dir '{text}': no such directory: {full}";
            return false;
        }
        mount = new DirectoryMount(full, guest, readOnly);
        return true;
    }

    /// <summary><c>NAME=VALUE</c>, or <c>NAME</c> alone to pass the host's value through.</summary>
    public static bool TryParseEnv(string text, out KeyValuePair<string, string> variable, out string? error)
    {
        variable = default;
        error = null;
        var equals = text.IndexOf('=');
        var name = equals < 0 ? text : text[..equals];
        if (name.Length == 0)
        {
            error = $"--env '{text}': expected NAME=VALUE";
            return false;
        }
        if (equals >= 0)
        {
            variable = new(name, text[(equals + 1)..]);
            return true;
        }
        var inherited = Environment.GetEnvironmentVariable(name);
        if (inherited is null)
        {
            error = $"--env '{text}': {name} is not set in the host environment (use NAME=VALUE)";
            return false;
        }
        variable = new(name, inherited);
        return true;
    }

    /// <summary><c>inherit</c>, <c>none</c> or a file path.</summary>
    public static bool TryParseStdin(string text, out StdinSource? stdin, out string? error)
    {
        error = null;
        stdin = text switch
        {
            "inherit" or "-" => StdinSource.Inherit,
            "none" => StdinSource.Empty,
            _ when File.Exists(text) => StdinSource.FromFile(Path.GetFullPath(text)),
            _ => null,
        };
        if (stdin is null)
        {
            error = $"--stdin '{text}': expected inherit, none or an existing file";
        }
        return stdin is not null;
    }
}
