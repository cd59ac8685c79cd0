using Capsule.Wit.Model;

namespace Capsule.Wit.Syntax;

/// <summary>
/// Parses one WIT file into syntax (recursive descent over <see cref="Lexer"/>). The first error
/// stops it with a <see cref="WitException"/> naming file:line:column and what was expected.
/// This part: the file, packages, <c>use</c> paths and feature gates.
/// </summary>
internal sealed partial class Parser
{
    private readonly Lexer _lexer;
    private readonly List<Token> _ahead = [];

    private Parser(string file, string text) => _lexer = new Lexer(file, text);

    private string File => _lexer.File;

    public static FileSyntax Parse(string file, string text) => new Parser(file, text).ParseFile();

    private FileSyntax ParseFile()
    {
        PackageDeclSyntax? declared = null;
        var nested = new List<NestedPackageSyntax>();
        var body = new BodyBuilder(File);
        if (Peek().IsKeyword("package"))
        {
            var decl = ParsePackageDecl();
            if (Peek().Kind == TokenKind.LeftBrace)
            {
                nested.Add(ParseNestedPackage(decl));
            }
            else
            {
                Expect(TokenKind.Semicolon, "`;` or `{` after the package name");
                declared = decl;
            }
        }
        while (Peek().Kind != TokenKind.End)
        {
            if (Peek().IsKeyword("package"))
            {
                nested.Add(ParseNestedPackage(ParsePackageDecl()));
            }
            else
            {
                ParsePackageItem(body, "`interface`, `world`, `use` or `package`");
            }
        }
        return new FileSyntax(File, declared, body.Build(), nested);
    }

    private NestedPackageSyntax ParseNestedPackage(PackageDeclSyntax decl)
    {
        Expect(TokenKind.LeftBrace, "`{` to open the nested package");
        var body = new BodyBuilder(File);
        while (Peek().Kind != TokenKind.RightBrace)
        {
            ParsePackageItem(body, "`interface`, `world`, `use` or `}`");
        }
        Next();
        return new NestedPackageSyntax(decl, body.Build());
    }

    private void ParsePackageItem(BodyBuilder body, string expected)
    {
        var (docs, gate) = ParseGate();
        var start = Peek();
        if (start.IsKeyword("interface"))
        {
            body.Interfaces.Add(ParseInterface(docs, gate));
        }
        else if (start.IsKeyword("world"))
        {
            body.Worlds.Add(ParseWorld(docs, gate));
        }
        else if (start.IsKeyword("use"))
        {
            Next();
            var path = ParseUsePath();
            var alias = AcceptKeyword("as") ? ExpectName("a name after `as`").Text : null;
            Expect(TokenKind.Semicolon, "`;` after the `use`");
            body.Uses.Add(new TopUseSyntax(path, alias, Spot(start)));
        }
        else
        {
            throw Unexpected(start, expected);
        }
    }

    private PackageDeclSyntax ParsePackageDecl()
    {
        var start = Next();
        var ns = ExpectName("a package namespace, as in `package wasi:io;`");
        Expect(TokenKind.Colon, "`:` between the package namespace and name");
        var name = ExpectName("a package name after `:`");
        var version = Accept(TokenKind.At) ? ScanVersion() : null;
        return new PackageDeclSyntax(new PackageName(ns.Text, name.Text, version), start.Docs, Spot(start));
    }

    /// <summary><c>name</c>, or <c>ns:pkg/name</c> with an optional <c>@version</c>.</summary>
    private UsePathSyntax ParseUsePath()
    {
        var first = ExpectName("an interface or world name");
        if (!Accept(TokenKind.Colon))
        {
            return new UsePathSyntax(null, first.Text, Spot(first));
        }
        var package = ExpectName("a package name after `:`");
        Expect(TokenKind.Slash, "`/` and an item name after the package, as in `wasi:io/streams`");
        var item = ExpectName("an interface or world name after `/`");
        var version = Accept(TokenKind.At) ? ScanVersion() : null;
        return new UsePathSyntax(new PackageName(first.Text, package.Text, version), item.Text, Spot(first));
    }

    /// <summary>Reads the item's doc comment and any <c>@since</c>/<c>@unstable</c>/<c>@deprecated</c> gates before it.</summary>
    private (string Docs, Gate Gate) ParseGate()
    {
        var docs = Peek().Docs;
        string? since = null, unstable = null, deprecated = null;
        while (Accept(TokenKind.At))
        {
            var name = ExpectWord("a feature gate: `since`, `unstable` or `deprecated`");
            Expect(TokenKind.LeftParen, $"`(` after `@{name.Text}`");
            switch (name.Text)
            {
                case "since":
                    since = ParseGateField("version", version: true);
                    if (Accept(TokenKind.Comma))
                    {
                        ParseGateField("feature", version: false);
                    }
                    break;
                case "unstable":
                    unstable = ParseGateField("feature", version: false);
                    break;
                case "deprecated":
                    deprecated = ParseGateField("version", version: true);
                    break;
                default:
                    throw Error(name, $"unknown feature gate `@{name.Text}`: expected `@since`, `@unstable` or `@deprecated`");
            }
            Expect(TokenKind.RightParen, $"`)` to close `@{name.Text}(`");
            docs = docs.Length == 0 ? Peek().Docs : docs;
        }
        return (docs, new Gate(since, unstable, deprecated));
    }

    private string ParseGateField(string field, bool version)
    {
        var key = ExpectWord($"`{field} = ...`");
        if (key.Text != field)
        {
            throw Error(key, $"expected `{field}`, found {key.Describe()}");
        }
        Expect(TokenKind.Equals, $"`=` after `{field}`");
        return version ? ScanVersion() : ExpectWord($"a feature name after `{field} =`").Text;
    }

    /// <summary>Parses <paramref name="item"/> between <paramref name="open"/> and <paramref name="close"/>, comma-separated, a trailing comma allowed.</summary>
    private List<T> ParseList<T>(TokenKind open, TokenKind close, string what, Func<T> item)
    {
        Expect(open, $"`{Symbol(open)}` to start the {what}");
        var items = new List<T>();
        while (Peek().Kind != close)
        {
            items.Add(item());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }
        Expect(close, $"`,` or `{Symbol(close)}` in the {what}");
        return items;
    }

    /// <summary>A version is scanned straight from the text, so no token may be looked at past the `@`.</summary>
    private string ScanVersion() =>
        _ahead.Count == 0 ? _lexer.ScanVersion() : throw new InvalidOperationException("version scanned after a lookahead");

    private Token Peek(int ahead = 0)
    {
        while (_ahead.Count <= ahead)
        {
            _ahead.Add(_lexer.Next());
        }
        return _ahead[ahead];
    }

    private Token Next()
    {
        var token = Peek();
        _ahead.RemoveAt(0);
        return token;
    }

    private bool Accept(TokenKind kind)
    {
        if (Peek().Kind != kind)
        {
            return false;
        }
        Next();
        return true;
    }

    private bool AcceptKeyword(string keyword)
    {
        if (!Peek().IsKeyword(keyword))
        {
            return false;
        }
        Next();
        return true;
    }

    private Token Expect(TokenKind kind, string expected) =>
        Peek().Kind == kind ? Next() : throw Unexpected(Peek(), expected);

    /// <summary>An identifier that names something: a keyword is refused unless escaped (<c>%type</c>).</summary>
    private Token ExpectName(string expected)
    {
        var token = Peek();
        if (Keywords.Contains(token))
        {
            throw Error(token, $"expected {expected}, found keyword `{token.Text}` (write `%{token.Text}` to use it as a name)");
        }
        return Expect(TokenKind.Id, expected);
    }

    /// <summary>Any identifier, keyword or not (gate words, the start of a type).</summary>
    private Token ExpectWord(string expected) => Expect(TokenKind.Id, expected);

    private void ExpectKeyword(string keyword, string expected)
    {
        if (!AcceptKeyword(keyword))
        {
            throw Unexpected(Peek(), expected);
        }
    }

    private SourceSpot Spot(Token token) => new(File, token.Line, token.Column);

    private WitException Error(Token at, string reason) => new(File, at.Line, at.Column, reason);

    private WitException Unexpected(Token found, string expected) => Error(found, $"expected {expected}, found {found.Describe()}");

    private static string Symbol(TokenKind kind) => kind switch
    {
        TokenKind.LeftBrace => "{",
        TokenKind.RightBrace => "}",
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.LeftAngle => "<",
        TokenKind.RightAngle => ">",
        _ => kind.ToString(),
    };

    private sealed class BodyBuilder(string file)
    {
        public List<TopUseSyntax> Uses { get; } = [];

        public List<InterfaceSyntax> Interfaces { get; } = [];

        public List<WorldSyntax> Worlds { get; } = [];

        public PackageBodySyntax Build() => new(file, Uses, Interfaces, Worlds);
    }
}
