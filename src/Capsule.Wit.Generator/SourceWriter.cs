using System.Text;

namespace Capsule.Wit.Generator;

/// <summary>Indented C# text, with XML doc comments made from WIT docs.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }
        _text.Append(line).Append('\n');
    }

    /// <summary>Writes <paramref name="header"/>, then <c>{</c>, and indents until the result is disposed.</summary>
    public Block Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Block(this);
    }

    /// <summary>
    /// <c>/// &lt;summary&gt;</c> with the WIT doc text (escaped), or <paramref name="fallback"/> when there is none
    /// (public generated code needs docs: warnings are errors), plus a <c>&lt;param&gt;</c> per parameter.
    /// </summary>
    public void Docs(string docs, string fallback, params (string Name, string Docs)[] parameters)
    {
        Line("/// <summary>");
        foreach (var line in (docs.Length > 0 ? docs : fallback).Replace("\r\n", "\n").Split('\n'))
        {
            Line(("/// " + Escape(line)).TrimEnd());
        }
        Line("/// </summary>");
        foreach (var (name, text) in parameters)
        {
            Line($"/// <param name=\"{name.TrimStart('@')}\">{Escape(text.Replace("\r\n", "\n").Replace("\n", " "))}</param>");
        }
    }

    public override string ToString() => _text.ToString();

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Closes a block opened by <see cref="Open"/>.</summary>
    public readonly struct Block(SourceWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer._indent--;
            writer.Line("}");
        }
    }
}
