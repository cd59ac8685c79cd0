using System.Text;

namespace Capsule.Hosting.Registry;

/// <summary>
/// Text a registry chose (error messages, media types, reasons) made safe for a terminal: control
/// characters (C0, DEL, C1; escape sequences included) are written as <c>\xNN</c> / <c>\uNNNN</c>,
/// so a registry can neither move the cursor, rewrite earlier lines nor break the one-line error.
/// </summary>
public static class TerminalText
{
    /// <summary><paramref name="text"/> with every control character escaped.</summary>
    public static string Escape(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!char.IsControl(c))
            {
                escaped.Append(c);
            }
            else if (c <= 0xFF)
            {
                escaped.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return escaped.ToString();
    }
}
