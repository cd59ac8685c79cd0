using System.Text;

namespace Capsule.Wit.Syntax;

/// <summary>
/// Splits WIT text into tokens on demand. Comments are skipped (<c>/* */</c> nests);
/// doc comments (<c>///</c>, <c>/** */</c>) are gathered onto the next token.
/// Versions are scanned separately (<see cref="ScanVersion"/>) because
/// <c>0.2.0-rc-1</c> is not made of ordinary tokens.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly string _file;
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    public Lexer(string file, string text)
    {
        _file = file;
        _text = text;
    }

    public string File => _file;

    public Token Next()
    {
        var docs = SkipTrivia();
        int line = _line, column = _column;
        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.End, "", line, column, false, docs);
        }
        var c = _text[_pos];
        if (c == '%' || IsLetter(c))
        {
            var escaped = c == '%';
            if (escaped)
            {
                Advance();
            }
            var id = ScanIdentifier(line, column);
            return new Token(TokenKind.Id, id, line, column, escaped, docs);
        }
        if (char.IsDigit(c))
        {
            var start = _pos;
            while (_pos < _text.Length && char.IsDigit(_text[_pos]))
            {
                Advance();
            }
            return new Token(TokenKind.Integer, _text.Substring(start, _pos - start), line, column, false, docs);
        }
        if (c == '-' && Peek(1) == '>')
        {
            Advance();
            Advance();
            return new Token(TokenKind.Arrow, "->", line, column, false, docs);
        }
        TokenKind? kind = c switch
        {
            '{' => TokenKind.LeftBrace,
            '}' => TokenKind.RightBrace,
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            '<' => TokenKind.LeftAngle,
            '>' => TokenKind.RightAngle,
            ',' => TokenKind.Comma,
            ';' => TokenKind.Semicolon,
            ':' => TokenKind.Colon,
            '=' => TokenKind.Equals,
            '.' => TokenKind.Dot,
            '/' => TokenKind.Slash,
            '@' => TokenKind.At,
            '_' => TokenKind.Underscore,
            '*' => TokenKind.Star,
            _ => null,
        };
        if (kind is null)
        {
            throw new WitException(_file, line, column, $"unexpected character `{c}`");
        }
        Advance();
        return new Token(kind.Value, c.ToString(), line, column, false, docs);
    }

    /// <summary>Reads a semantic version (<c>1.2.3</c>, <c>0.2.0-rc-2023-11-10</c>, <c>1.0.0+build</c>) where the cursor is.</summary>
    public string ScanVersion()
    {
        SkipTrivia();
        int line = _line, column = _column, start = _pos;
        // A separator belongs to the version only when more of it follows: `@0.2.0.{x}` ends before the dot.
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos])
            || (_text[_pos] is '.' or '-' or '+' && char.IsLetterOrDigit(Peek(1)))))
        {
            Advance();
        }
        var version = _text.Substring(start, _pos - start);
        if (!SemanticVersion.IsValid(version))
        {
            var shown = version.Length == 0 ? "nothing" : $"`{version}`";
            throw new WitException(_file, line, column, $"expected a semantic version like `0.2.0`, found {shown}");
        }
        return version;
    }

    private string ScanIdentifier(int line, int column)
    {
        var start = _pos;
        while (_pos < _text.Length && (IsLetter(_text[_pos]) || char.IsDigit(_text[_pos])
            || (_text[_pos] == '-' && _pos + 1 < _text.Length && char.IsLetterOrDigit(_text[_pos + 1]))))
        {
            Advance();
        }
        var id = _text.Substring(start, _pos - start);
        var problem = Identifier.Problem(id);
        if (problem is not null)
        {
            throw new WitException(_file, line, column, $"invalid identifier `{id}`: {problem}");
        }
        return id;
    }

    /// <summary>Skips whitespace and comments; returns the doc comments met, one line each.</summary>
    private string SkipTrivia()
    {
        StringBuilder? docs = null;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (char.IsWhiteSpace(c))
            {
                Advance();
            }
            else if (c == '/' && Peek(1) == '/')
            {
                var isDoc = Peek(2) == '/' && Peek(3) != '/';
                var start = _pos;
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    Advance();
                }
                if (isDoc)
                {
                    AppendDoc(ref docs, DocText.FromLine(_text.Substring(start + 3, _pos - start - 3)));
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var isDoc = Peek(2) == '*' && Peek(3) != '*' && Peek(3) != '/';
                var start = _pos;
                SkipBlockComment();
                if (isDoc)
                {
                    AppendDoc(ref docs, DocText.FromBlock(_text.Substring(start + 3, _pos - start - 5)));
                }
            }
            else
            {
                break;
            }
        }
        return docs?.ToString() ?? "";
    }

    private void SkipBlockComment()
    {
        int line = _line, column = _column, depth = 0;
        do
        {
            if (_pos >= _text.Length)
            {
                throw new WitException(_file, line, column, "unterminated block comment: expected `*/`");
            }
            if (_text[_pos] == '/' && Peek(1) == '*')
            {
                depth++;
                Advance();
            }
            else if (_text[_pos] == '*' && Peek(1) == '/')
            {
                depth--;
                Advance();
            }
            Advance();
        }
        while (depth > 0);
    }

    private static void AppendDoc(ref StringBuilder? docs, string text)
    {
        docs ??= new StringBuilder();
        if (docs.Length > 0)
        {
            docs.Append('\n');
        }
        docs.Append(text);
    }

    private static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private void Advance()
    {
        if (_text[_pos] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }
        _pos++;
    }
}
