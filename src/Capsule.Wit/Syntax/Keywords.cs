namespace Capsule.Wit.Syntax;

/// <summary>
/// WIT's keywords: not names unless escaped with <c>%</c> (<c>%type</c>), as WIT tools require.
/// The old spellings <c>float32</c>/<c>float64</c> are not among them: WIT written today uses them as names.
/// </summary>
internal static class Keywords
{
    private static readonly HashSet<string> All =
    [
        "as", "async", "bool", "borrow", "char", "constructor", "enum", "error-context", "export", "f32", "f64",
        "flags", "func", "future", "import", "include", "interface", "list", "own",
        "option", "package", "record", "resource", "result", "s16", "s32", "s64", "s8", "static", "stream",
        "string", "tuple", "type", "u16", "u32", "u64", "u8", "use", "variant", "with", "world",
    ];

    public static bool Contains(Token token) => token.Kind == TokenKind.Id && !token.Escaped && All.Contains(token.Text);
}
