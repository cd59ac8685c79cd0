namespace Capsule.Wit.Syntax;

/// <summary>The kinds of WIT tokens. Keywords are identifiers, told apart by the parser.</summary>
internal enum TokenKind
{
    Id,
    Integer,
    LeftBrace,
    RightBrace,
    LeftParen,
    RightParen,
    LeftAngle,
    RightAngle,
    Comma,
    Semicolon,
    Colon,
    Equals,
    Dot,
    Slash,
    At,
    Arrow,
    Underscore,
    Star,
    End,
}
