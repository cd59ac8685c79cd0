using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Services.Variables;

/// <summary>
/// A <c>.env</c> file in the app folder, read once at start-up, with the same names as
/// the environment (<c>CAPSULE_VARIABLE_X=…</c> or <c>SPIN_VARIABLE_X=…</c>, as Spin reads it).
/// Lines are <c>NAME=value</c>, optionally <c>export NAME=value</c>, the value optionally in
/// single quotes (literal) or double quotes (<c>\n</c>, <c>\"</c>, <c>\\</c> escapes); <c>#</c> starts a comment line.
/// A malformed line is an error naming the file and line, never quoting it (it may hold a secret).
/// </summary>
public sealed class DotEnvFile : IVariableProvider
{
    private readonly Dictionary<string, string> values;

    private DotEnvFile(Dictionary<string, string> values)
    {
        this.values = values;
    }

    /// <summary>Reads <paramref name="path"/>; a missing file has no values.</summary>
    public static DotEnvFile Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new DotEnvFile(values);
        }
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }
            var equals = line.IndexOf('=');
            var name = equals < 0 ? "" : line[..equals].Trim();
            if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_'))
                || !TryValue(line[(equals + 1)..].Trim(), out var value))
            {
                throw new ManifestException(path, i + 1, null, "expected NAME=value (the line is not quoted here: it may hold a secret)");
            }
            values[name] = value;
        }
        return new DotEnvFile(values);
    }

    /// <inheritdoc/>
    public string? Get(string name) =>
        EnvironmentVariableProvider.NamesFor(name).Select(n => values.GetValueOrDefault(n)).FirstOrDefault(v => v is not null);

    private static bool TryValue(string raw, out string value)
    {
        value = raw;
        if (raw.Length >= 2 && raw[0] == '\'' && raw[^1] == '\'')
        {
            value = raw[1..^1];
            return true;
        }
        if (raw.Length == 0 || raw[0] != '"')
        {
            // Unquoted: up to an inline comment.
            var comment = raw.IndexOf(" #", StringComparison.Ordinal);
            value = (comment < 0 ? raw : raw[..comment]).TrimEnd();
            return !raw.StartsWith('\'');
        }
        if (raw.Length < 2 || raw[^1] != '"')
        {
            return false;
        }
        var text = new System.Text.StringBuilder();
        for (var i = 1; i < raw.Length - 1; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length - 1)
            {
                i++;
                text.Append(raw[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
            }
            else
            {
                text.Append(raw[i]);
            }
        }
        value = text.ToString();
        return true;
    }
}
