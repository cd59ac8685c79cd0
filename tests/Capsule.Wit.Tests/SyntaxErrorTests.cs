namespace Capsule.Wit.Tests;

/// <summary>Malformed WIT stops the reader with the file, line and column, and what was expected there.</summary>
public class SyntaxErrorTests
{
    [Theory]
    // A missing `;` is reported where the next item starts.
    [InlineData("package a:b;\ninterface i {\n  f: func()\n  g: func();\n}", 4, 3, "expected `;` after the function, found `g`")]
    [InlineData("package a:b;\ninterface i {\n  f: func(x u32);\n}", 3, 13, "expected `:` and a type after parameter `x`, found `u32`")]
    [InlineData("package a:b;\ninterface i {\n  record r { x: u8 $ }\n}", 3, 20, "unexpected character `$`")]
    [InlineData("package a:b;\ninterface Bad-name {}", 2, 11, "invalid identifier `Bad-name`: part `Bad` mixes lower and upper case")]
    [InlineData("package a:b@0.2;\n", 1, 13, "expected a semantic version like `0.2.0`, found `0.2`")]
    [InlineData("package a:b;\ninterface i {\n  f: func() -> result<_>;\n}", 3, 24, "expected `,` and an error type after `result<_`, found `>`")]
    [InlineData("package a:b;\ninterface i {\n  f: func();\n", 4, 1, "expected a function (`name: func(..)`), a type definition, `use` or `}`, found end of file")]
    [InlineData("package a:b;\n/* never closed\ninterface i {}", 2, 1, "unterminated block comment: expected `*/`")]
    [InlineData("package a:b;\n@since(version = 1.0.0)\nthing x {}", 3, 1, "expected `interface`, `world`, `use` or `package`, found `thing`")]
    [InlineData("package a:b;\n@sinse(version = 1.0.0)\ninterface i {}", 2, 2, "unknown feature gate `@sinse`: expected `@since`, `@unstable` or `@deprecated`")]
    [InlineData("package a:b;\nworld w {\n  import wasi:io;\n}", 3, 17, "expected `/` and an item name after the package, as in `wasi:io/streams`, found `;`")]
    [InlineData("package a:b;\ninterface i {\n  resource r { constructor() -> ; }\n}", 3, 33, "expected a type, found `;`")]
    [InlineData("package a:b;\ninterface i {\n  type t = list<u8, 0>;\n}", 3, 21, "list length `0` must be between 1 and 2147483647")]
    [InlineData("package a:b;\ninterface i {\n  record r { type: u8 }\n}", 3, 14, "expected a field name, found keyword `type` (write `%type` to use it as a name)")]
    [InlineData("package a:b;\ninterface i {\n  stream: func();\n}", 3, 3, "expected a function name, found keyword `stream` (write `%stream` to use it as a name)")]
    [InlineData("package a:b;\ninterface i {\n  f: func() -> record;\n}", 3, 16, "expected a type, found keyword `record`")]
    public void A_syntax_error_names_the_file_line_column_and_what_was_expected(string text, int line, int column, string reason)
    {
        var error = Wit.Error(text);

        Assert.Equal(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal($"test.wit:{line}:{column}: {reason}", error.Message);
        Assert.Equal("test.wit", error.File);
    }

    [Fact]
    public void An_error_in_one_of_several_files_names_that_file()
    {
        var error = Wit.Error(
            new WitSource("pkg/good.wit", "package a:b;\ninterface i {}"),
            new WitSource("pkg/bad.wit", "interface j {\n  f: func() -> ;\n}"));

        Assert.Equal("pkg/bad.wit:2:16: expected a type, found `;`", error.Message);
    }
}
