using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Capsule.Hosting.Manifest;

/// <summary>
/// Parses TOML with Tomlyn and keeps each value's line, so every manifest
/// error can name where it is. Syntax errors become a <see cref="ManifestException"/>.
/// </summary>
internal static class TomlReader
{
    public static TomlMap Read(string text, string fileName)
    {
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, fileName, true);
        }
        catch (ArgumentException e)
        {
            // Tomlyn's lexer throws on some malformed text instead of reporting it
            // (a backslash at the end of a table header: bench/fuzz/corpus/manifest/surrogate-codepoint.toml).
            throw new ManifestException(fileName, null, null, $"invalid TOML: the text cannot be read ({e.GetType().Name} in the TOML parser)");
        }
        if (document.HasErrors)
        {
            var first = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            throw new ManifestException(fileName, first.Span.Start.Line + 1, null, $"invalid TOML: {first.Message}");
        }
        var root = new TomlMap(1);
        foreach (var item in document.KeyValues)
        {
            Add(root, item, fileName);
        }
        foreach (var table in document.Tables)
        {
            var line = table.Span.Start.Line + 1;
            var path = KeyPath(table.Name!);
            TomlMap target;
            if (table is TableArraySyntax)
            {
                var parent = Navigate(root, path[..^1], line, fileName);
                if (parent.Get(path[^1]) is not TomlList list)
                {
                    list = new TomlList([], line);
                    parent.Entries.Add(new(path[^1], list));
                }
                target = new TomlMap(line);
                list.Items.Add(target);
            }
            else
            {
                target = Navigate(root, path, line, fileName);
            }
            foreach (var item in table.Items)
            {
                Add(target, item, fileName);
            }
        }
        return root;
    }

    private static void Add(TomlMap map, KeyValueSyntax item, string fileName)
    {
        var line = item.Span.Start.Line + 1;
        var path = KeyPath(item.Key!);
        var parent = Navigate(map, path[..^1], line, fileName);
        if (parent.Get(path[^1]) is not null)
        {
            throw new ManifestException(fileName, line, string.Join('.', path), "defined twice");
        }
        parent.Entries.Add(new(path[^1], Convert(item.Value!, line)));
    }

    // Finds or creates the nested tables along path (a table array means its last element).
    private static TomlMap Navigate(TomlMap map, string[] path, int line, string fileName)
    {
        foreach (var segment in path)
        {
            switch (map.Get(segment))
            {
                case null:
                    var created = new TomlMap(line);
                    map.Entries.Add(new(segment, created));
                    map = created;
                    break;
                case TomlMap existing:
                    map = existing;
                    break;
                case TomlList { Items.Count: > 0 } list when list.Items[^1] is TomlMap last:
                    map = last;
                    break;
                case var other:
                    throw new ManifestException(fileName, line, segment, $"is {other.Describe()} (line {other.Line}), so it cannot also be a table");
            }
        }
        return map;
    }

    private static TomlNode Convert(ValueSyntax value, int line) => value switch
    {
        StringValueSyntax s => new TomlScalar(s.Value ?? "", line),
        IntegerValueSyntax i => new TomlScalar(i.Value, line),
        FloatValueSyntax f => new TomlScalar(f.Value, line),
        BooleanValueSyntax b => new TomlScalar(b.Value, line),
        ArraySyntax a => new TomlList([.. a.Items.Select(i => Convert(i.Value!, i.Span.Start.Line + 1))], line),
        InlineTableSyntax t => ConvertInline(t, line),
        _ => new TomlScalar(value.ToString()!.Trim(), line),
    };

    private static TomlMap ConvertInline(InlineTableSyntax table, int line)
    {
        var map = new TomlMap(line);
        foreach (var item in table.Items)
        {
            var key = KeyPath(item.KeyValue!.Key!);
            map.Entries.Add(new(string.Join('.', key), Convert(item.KeyValue.Value!, line)));
        }
        return map;
    }

    private static string[] KeyPath(KeySyntax key) =>
        [KeyText(key.Key!), .. key.DotKeys.Select(d => KeyText(d.Key!))];

    private static string KeyText(BareKeyOrStringValueSyntax key) =>
        key is StringValueSyntax s ? s.Value ?? "" : key.ToString()!.Trim();
}
