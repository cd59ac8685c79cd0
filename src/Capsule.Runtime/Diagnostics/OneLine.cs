using System.Text;

namespace Capsule.Runtime.Diagnostics;

/// <summary>
/// Makes text from a manifest, a registry or a guest safe for a one-line message on a terminal:
/// control characters (C0, DEL, C1: a newline in a TOML key, an escape sequence a registry sent to
/// move the cursor or rewrite earlier lines) are written as <c>\xNN</c> / <c>\uNNNN</c>, and very
/// long text is cut in the middle.
/// </summary>
public static class OneLine
{
    /// <summary>The longest text kept whole; longer text keeps its start and end.</summary>
    public const int MaxLength = 512;

    /// <summary><paramref name="text"/> with every control character escaped (<c>\x0a</c>, <c>\x1b</c>) and cut to <paramref name="maxLength"/>.</summary>
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
                _ when !char.IsControl(c) => c.ToString(),
                <= '\u00ff' => $"\\x{(int)c:x2}",
                _ => $"\\u{(int)c:x4}",
            });
        }
        return escaped.ToString();
    }
}
