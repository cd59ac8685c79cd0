using System.Text;

namespace Capsule.Runtime.Diagnostics;

/// <summary>
/// Makes text from a manifest, a registry or a guest safe for a one-line message: control
/// characters (a newline in a TOML key, an escape sequence meant for the terminal) are written
/// as escapes, and very long text is cut in the middle.
/// </summary>
public static class OneLine
{
    /// <summary>The longest text kept whole; longer text keeps its start and end.</summary>
    public const int MaxLength = 512;

    /// <summary><paramref name="text"/> with every control character escaped (<c>\n</c>, <c>\u001b</c>) and cut to <paramref name="maxLength"/>.</summary>
    public static string Escape(string text, int maxLength = MaxLength)
    {
        if (text.Length > maxLength)
        {
            text = $"{text[..(maxLength / 2)]}…({text.Length - maxLength:N0} characters)…{text[^(maxLength / 2)..]}";
        }
        if (!text.Any(char.IsControl))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
