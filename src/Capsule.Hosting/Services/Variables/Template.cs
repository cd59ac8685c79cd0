namespace Capsule.Hosting.Services.Variables;

/// <summary>
/// A component variable's value: text with <c>{{ name }}</c> references, Spin's syntax
/// (the text between <c>{{</c> and the next <c>}}</c>, trimmed, names a variable;
/// there is no escape for a literal <c>{{</c>).
/// </summary>
public sealed class Template
{
    private Template(string text, IReadOnlyList<(bool IsName, string Text)> parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>The template as written in the manifest (what <c>capsule registry push</c> passes on).</summary>
    public string Text { get; }

    /// <summary>Literal text and variable names, in order.</summary>
    public IReadOnlyList<(bool IsName, string Text)> Parts { get; }

    /// <summary>The variable names referenced.</summary>
    public IEnumerable<string> Names => Parts.Where(p => p.IsName).Select(p => p.Text);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why (Spin's message).</summary>
    public static bool TryParse(string text, out Template? template, out string? error)
    {
        var parts = new List<(bool, string)>();
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (rest.StartsWith("{{"))
            {
                var end = rest[2..].IndexOf("}}");
                if (end < 0)
                {
                    template = null;
                    error = "unmatched '{{' in template";
                    return false;
                }
                parts.Add((true, rest.Slice(2, end).Trim().ToString()));
                rest = rest[(end + 4)..];
            }
            else
            {
                var next = rest.IndexOf("{{");
                var literal = next < 0 ? rest : rest[..next];
                parts.Add((false, literal.ToString()));
                rest = rest[literal.Length..];
            }
        }
        template = new Template(text, parts);
        error = null;
        return true;
    }

    /// <summary>The text with every name replaced by <paramref name="value"/>'s answer.</summary>
    public string Render(Func<string, string> value) =>
        string.Concat(Parts.Select(p => p.IsName ? value(p.Text) : p.Text));
}
