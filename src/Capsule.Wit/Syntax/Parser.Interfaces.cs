using Capsule.Wit.Model;

namespace Capsule.Wit.Syntax;

// Interfaces and what they contain: uses, type definitions, resources, functions.
internal sealed partial class Parser
{
    private static readonly string[] TypeDefKeywords = ["type", "record", "variant", "enum", "flags", "resource"];

    private InterfaceSyntax ParseInterface(string docs, Gate gate)
    {
        var start = Next();
        var name = ExpectName("an interface name after `interface`");
        return new InterfaceSyntax(name.Text, docs, gate, ParseInterfaceBody(), Spot(start));
    }

    private List<InterfaceItemSyntax> ParseInterfaceBody()
    {
        Expect(TokenKind.LeftBrace, "`{` to open the interface");
        var items = new List<InterfaceItemSyntax>();
        while (!Accept(TokenKind.RightBrace))
        {
            var (docs, gate) = ParseGate();
            var start = Peek();
            if (start.Kind == TokenKind.Id && Peek(1).Kind == TokenKind.Colon)
            {
                items.Add(ParseFunction(docs, gate));
            }
            else if (start.IsKeyword("use"))
            {
                items.Add(ParseUse(docs, gate));
            }
            else if (IsTypeDefStart(start))
            {
                items.Add(ParseTypeDef(docs, gate));
            }
            else
            {
                throw Unexpected(start, "a function (`name: func(..)`), a type definition, `use` or `}`");
            }
        }
        return items;
    }

    private static bool IsTypeDefStart(Token token) => TypeDefKeywords.Any(token.IsKeyword);

    private FuncSyntax ParseFunction(string docs, Gate gate)
    {
        var name = ExpectName("a function name");
        Next(); // the ':' seen by the caller
        var type = ParseFuncType();
        Expect(TokenKind.Semicolon, "`;` after the function");
        return new FuncSyntax(name.Text, type, docs, gate, Spot(name));
    }

    /// <summary><c>async? func(params) (-> type)?</c></summary>
    private FuncTypeSyntax ParseFuncType()
    {
        var isAsync = AcceptKeyword("async");
        ExpectKeyword("func", "`func`");
        return new FuncTypeSyntax(isAsync, ParseParams(), ParseResult());
    }

    private List<ParamSyntax> ParseParams() => ParseList(TokenKind.LeftParen, TokenKind.RightParen, "parameter list", () =>
    {
        var name = ExpectName("a parameter name");
        Expect(TokenKind.Colon, $"`:` and a type after parameter `{name.Text}`");
        return new ParamSyntax(name.Text, ParseType(), Spot(name));
    });

    private TypeSyntax? ParseResult() => Accept(TokenKind.Arrow) ? ParseType() : null;

    private UseSyntax ParseUse(string docs, Gate gate)
    {
        var start = Next();
        var path = ParseUsePath();
        Expect(TokenKind.Dot, "`.{names}` after the interface in `use`");
        var names = ParseList(TokenKind.LeftBrace, TokenKind.RightBrace, "list of names to use", () =>
        {
            var name = ExpectName("a type name");
            var alias = AcceptKeyword("as") ? ExpectName("a name after `as`").Text : null;
            return new UseNameSyntax(name.Text, alias, Spot(name));
        });
        if (names.Count == 0)
        {
            throw Error(start, "`use` names no type: expected at least one name in `{ }`");
        }
        Expect(TokenKind.Semicolon, "`;` after the `use`");
        return new UseSyntax(path, names, docs, gate, Spot(start));
    }

    private TypeDefSyntax ParseTypeDef(string docs, Gate gate)
    {
        var keyword = Next();
        var name = ExpectName($"a name after `{keyword.Text}`");
        var spot = Spot(name);
        switch (keyword.Text)
        {
            case "type":
                Expect(TokenKind.Equals, $"`=` after `type {name.Text}`");
                var target = ParseType();
                Expect(TokenKind.Semicolon, "`;` after the type alias");
                return new AliasSyntax(name.Text, target, docs, gate, spot);
            case "record":
                return new RecordSyntax(name.Text, ParseMembers("record", withType: true, typeRequired: true), docs, gate, spot);
            case "variant":
                return new VariantSyntax(name.Text, ParseMembers("variant", withType: true, typeRequired: false), docs, gate, spot);
            case "enum":
                return new EnumSyntax(name.Text, ParseMembers("enum", withType: false, typeRequired: false), docs, gate, spot);
            case "flags":
                return new FlagsSyntax(name.Text, ParseMembers("flags", withType: false, typeRequired: false), docs, gate, spot);
            default:
                return new ResourceSyntax(name.Text, ParseResourceBody(name.Text), docs, gate, spot);
        }
    }

    /// <summary>Record fields (<c>name: type</c>), variant cases (<c>name</c> or <c>name(type)</c>), enum cases or flags (<c>name</c>).</summary>
    private List<MemberSyntax> ParseMembers(string kind, bool withType, bool typeRequired)
    {
        var what = kind == "record" ? "record's fields" : kind == "flags" ? "flags" : $"{kind}'s cases";
        var members = ParseList(TokenKind.LeftBrace, TokenKind.RightBrace, what, () =>
        {
            var docs = Peek().Docs;
            var name = ExpectName(kind == "record" ? "a field name" : kind == "flags" ? "a flag name" : "a case name");
            TypeSyntax? type = null;
            if (typeRequired)
            {
                Expect(TokenKind.Colon, $"`:` and a type after field `{name.Text}`");
                type = ParseType();
            }
            else if (withType && Accept(TokenKind.LeftParen))
            {
                type = ParseType();
                Expect(TokenKind.RightParen, $"`)` after the payload of case `{name.Text}`");
            }
            return new MemberSyntax(name.Text, type, docs, Spot(name));
        });
        return members;
    }

    /// <summary><c>;</c> for a resource without functions, or <c>{ constructor(..); name: func(..); name: static func(..); }</c>.</summary>
    private List<ResourceFuncSyntax> ParseResourceBody(string resource)
    {
        var functions = new List<ResourceFuncSyntax>();
        if (Accept(TokenKind.Semicolon))
        {
            return functions;
        }
        Expect(TokenKind.LeftBrace, $"`;` or `{{` after `resource {resource}`");
        while (!Accept(TokenKind.RightBrace))
        {
            var (docs, gate) = ParseGate();
            var start = Peek();
            if (start.IsKeyword("constructor") && Peek(1).Kind == TokenKind.LeftParen)
            {
                Next();
                var type = new FuncTypeSyntax(false, ParseParams(), ParseResult());
                Expect(TokenKind.Semicolon, "`;` after the constructor");
                functions.Add(new ResourceFuncSyntax(FunctionKind.Constructor, "constructor", type, docs, gate, Spot(start)));
                continue;
            }
            var name = ExpectName($"`constructor`, a method (`name: func(..)`) or `}}` in resource `{resource}`");
            Expect(TokenKind.Colon, $"`:` after `{name.Text}`");
            var kind = AcceptKeyword("static") ? FunctionKind.Static : FunctionKind.Method;
            var funcType = ParseFuncType();
            Expect(TokenKind.Semicolon, "`;` after the function");
            functions.Add(new ResourceFuncSyntax(kind, name.Text, funcType, docs, gate, Spot(name)));
        }
        return functions;
    }
}
