namespace Capsule.Wit.Syntax;

/// <summary>
/// One token: its text (an identifier without its <c>%</c>), where it starts, whether
/// it was <c>%</c>-escaped (so never a keyword), and the doc comments just before it.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column, bool Escaped, string Docs)
{
    /// <summary>True for an unescaped identifier spelled <paramref name="keyword"/>.</summary>
    public bool IsKeyword(string keyword) => Kind == TokenKind.Id && !Escaped && Text == keyword;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of file",
        TokenKind.Id => Escaped ? $"identifier `%{Text}`" : $"`{Text}`",
        TokenKind.Integer => $"integer `{Text}`",
        _ => $"`{Text}`",
    };
}
