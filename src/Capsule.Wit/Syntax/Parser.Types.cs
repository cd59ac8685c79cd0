using Capsule.Wit.Model;

namespace Capsule.Wit.Syntax;

// Types where they are written: primitives, constructed types, handles and names.
internal sealed partial class Parser
{
    private static readonly Dictionary<string, Primitive> Primitives = new()
    {
        ["bool"] = Primitive.Bool,
        ["u8"] = Primitive.U8,
        ["u16"] = Primitive.U16,
        ["u32"] = Primitive.U32,
        ["u64"] = Primitive.U64,
        ["s8"] = Primitive.S8,
        ["s16"] = Primitive.S16,
        ["s32"] = Primitive.S32,
        ["s64"] = Primitive.S64,
        ["f32"] = Primitive.F32,
        ["f64"] = Primitive.F64,
        ["char"] = Primitive.Char,
        ["string"] = Primitive.String,
        ["error-context"] = Primitive.ErrorContext,
    };

    private TypeSyntax ParseType()
    {
        var start = ExpectWord("a type");
        var spot = Spot(start);
        if (start.Escaped)
        {
            return new NamedSyntax(start.Text, spot);
        }
        if (Primitives.TryGetValue(start.Text, out var primitive))
        {
            return new PrimitiveSyntax(primitive, spot);
        }
        switch (start.Text)
        {
            case "list":
                Expect(TokenKind.LeftAngle, "`<` after `list`");
                var element = ParseType();
                int? length = Accept(TokenKind.Comma) ? ParseLength() : null;
                Expect(TokenKind.RightAngle, "`>` to close `list<`");
                return new ListSyntax(element, length, spot);
            case "option":
                Expect(TokenKind.LeftAngle, "`<` after `option`");
                var some = ParseType();
                Expect(TokenKind.RightAngle, "`>` to close `option<`");
                return new OptionSyntax(some, spot);
            case "result":
                return ParseResultType(spot);
            case "tuple":
                var elements = ParseList(TokenKind.LeftAngle, TokenKind.RightAngle, "tuple", ParseType);
                return elements.Count > 0 ? new TupleSyntax(elements, spot) : throw Error(start, "a tuple needs at least one type");
            case "own":
            case "borrow":
                Expect(TokenKind.LeftAngle, $"`<` after `{start.Text}`");
                var resource = ExpectName("a resource name");
                Expect(TokenKind.RightAngle, $"`>` to close `{start.Text}<`");
                var kind = start.Text == "own" ? HandleKind.Own : HandleKind.Borrow;
                return new HandleSyntax(kind, resource.Text, Spot(resource));
            case "future":
                return new FutureSyntax(ParseOptionalPayload(), spot);
            case "stream":
                return new StreamSyntax(ParseOptionalPayload(), spot);
            default:
                return Keywords.Contains(start)
                    ? throw Error(start, $"expected a type, found keyword `{start.Text}`")
                    : new NamedSyntax(start.Text, spot);
        }
    }

    /// <summary><c>result</c>, <c>result&lt;T&gt;</c>, <c>result&lt;_, E&gt;</c> or <c>result&lt;T, E&gt;</c>.</summary>
    private ResultSyntax ParseResultType(SourceSpot spot)
    {
        if (!Accept(TokenKind.LeftAngle))
        {
            return new ResultSyntax(null, null, spot);
        }
        TypeSyntax? ok = null, err = null;
        if (Accept(TokenKind.Underscore))
        {
            Expect(TokenKind.Comma, "`,` and an error type after `result<_`");
            err = ParseType();
        }
        else
        {
            ok = ParseType();
            if (Accept(TokenKind.Comma))
            {
                err = ParseType();
            }
        }
        Expect(TokenKind.RightAngle, "`>` to close `result<`");
        return new ResultSyntax(ok, err, spot);
    }

    private TypeSyntax? ParseOptionalPayload()
    {
        if (!Accept(TokenKind.LeftAngle))
        {
            return null;
        }
        var payload = ParseType();
        Expect(TokenKind.RightAngle, "`>`");
        return payload;
    }

    private int ParseLength()
    {
        var token = Expect(TokenKind.Integer, "a list length");
        return int.TryParse(token.Text, out var length) && length > 0
            ? length
            : throw Error(token, $"list length `{token.Text}` must be between 1 and {int.MaxValue}");
    }
}
