using Capsule.Wit.Model;

namespace Capsule.Wit.Syntax;

// Worlds: imports, exports, includes, and the uses and types a world defines.
internal sealed partial class Parser
{
    private WorldSyntax ParseWorld(string docs, Gate gate)
    {
        var start = Next();
        var name = ExpectName("a world name after `world`");
        Expect(TokenKind.LeftBrace, "`{` to open the world");
        var items = new List<WorldItemSyntax>();
        while (!Accept(TokenKind.RightBrace))
        {
            var (itemDocs, itemGate) = ParseGate();
            var item = Peek();
            if (item.IsKeyword("import") || item.IsKeyword("export"))
            {
                items.Add(ParseImportExport(itemDocs, itemGate));
            }
            else if (item.IsKeyword("include"))
            {
                items.Add(ParseInclude(itemDocs, itemGate));
            }
            else if (item.IsKeyword("use"))
            {
                items.Add(new WorldDefinitionSyntax(ParseUse(itemDocs, itemGate)));
            }
            else if (IsTypeDefStart(item))
            {
                items.Add(new WorldDefinitionSyntax(ParseTypeDef(itemDocs, itemGate)));
            }
            else
            {
                throw Unexpected(item, "`import`, `export`, `include`, `use`, a type definition or `}`");
            }
        }
        return new WorldSyntax(name.Text, docs, gate, items, Spot(start));
    }

    /// <summary><c>import path;</c>, <c>import name: func(..);</c> or <c>import name: interface { .. }</c> (and the same for export).</summary>
    private WorldItemSyntax ParseImportExport(string docs, Gate gate)
    {
        var start = Next();
        var isExport = start.Text == "export";
        if (Peek().Kind == TokenKind.Id && Peek(1).Kind == TokenKind.Colon && IsExternTypeStart(Peek(2), Peek(3)))
        {
            var name = ExpectName($"a name to {start.Text}");
            Next();
            if (Peek().IsKeyword("interface"))
            {
                Next();
                var body = ParseInterfaceBody();
                var inline = new InterfaceSyntax(name.Text, docs, gate, body, Spot(name));
                return new WorldInlineSyntax(isExport, inline, docs, gate, Spot(name));
            }
            var type = ParseFuncType();
            Expect(TokenKind.Semicolon, "`;` after the function");
            return new WorldFuncSyntax(isExport, name.Text, type, docs, gate, Spot(name));
        }
        var path = ParseUsePath();
        Expect(TokenKind.Semicolon, $"`;` after `{start.Text} {path}`");
        return new WorldPathSyntax(isExport, path, docs, gate, Spot(start));
    }

    /// <summary>Tells <c>name: func(</c> / <c>name: interface {</c> from a package path <c>ns:pkg/..</c>.</summary>
    private static bool IsExternTypeStart(Token first, Token second) =>
        (first.IsKeyword("func") && second.Kind == TokenKind.LeftParen)
        || (first.IsKeyword("async") && second.IsKeyword("func"))
        || (first.IsKeyword("interface") && second.Kind == TokenKind.LeftBrace);

    private IncludeSyntax ParseInclude(string docs, Gate gate)
    {
        var start = Next();
        var path = ParseUsePath();
        var renames = new List<UseNameSyntax>();
        if (AcceptKeyword("with"))
        {
            renames = ParseList(TokenKind.LeftBrace, TokenKind.RightBrace, "list of renames", () =>
            {
                var name = ExpectName("a name to rename");
                ExpectKeyword("as", $"`as` and a new name after `{name.Text}`");
                return new UseNameSyntax(name.Text, ExpectName("a new name after `as`").Text, Spot(name));
            });
        }
        else
        {
            Expect(TokenKind.Semicolon, "`;` or `with { .. }` after the included world");
        }
        return new IncludeSyntax(path, renames, docs, gate, Spot(start));
    }
}
