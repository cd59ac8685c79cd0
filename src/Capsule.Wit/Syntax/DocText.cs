namespace Capsule.Wit.Syntax;

/// <summary>Turns the inside of a doc comment into its text.</summary>
internal static class DocText
{
    /// <summary>The text after <c>///</c>, without the one space that usually follows it.</summary>
    public static string FromLine(string afterSlashes) =>
        (afterSlashes.StartsWith(" ", StringComparison.Ordinal) ? afterSlashes.Substring(1) : afterSlashes).TrimEnd();

    /// <summary>The text between <c>/**</c> and <c>*/</c>: lines trimmed, a leading <c>*</c> margin dropped, blank edges removed.</summary>
    public static string FromBlock(string inside)
    {
        var lines = inside.Replace("\r\n", "\n").Split('\n')
            .Select(line => line.Trim())
            .Select(line => line.StartsWith("*", StringComparison.Ordinal) ? line.Substring(1).TrimStart() : line)
            .ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }
        while (lines.Count > 0 && lines[lines.Count - 1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return string.Join("\n", lines);
    }
}
