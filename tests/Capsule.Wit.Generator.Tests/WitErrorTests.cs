using Microsoft.CodeAnalysis;

namespace Capsule.Wit.Generator.Tests;

/// <summary>A .wit file that cannot be read is a compile error at its file, line and column.</summary>
public sealed class WitErrorTests
{
    [Fact]
    public void A_syntax_error_is_a_diagnostic_at_the_file_line_and_column()
    {
        const string path = "/wit/broken/broken.wit";
        var run = GeneratorRun.Of([(path, "package a:b;\n\ninterface c {\n    get: func(key: string) -> ;\n}\n")]);
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CWIT001", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        var place = error.Location.GetLineSpan();
        Assert.Equal(path, place.Path);
        Assert.Equal(3, place.StartLinePosition.Line); // 0-based: line 4
        Assert.Equal(30, place.StartLinePosition.Character); // 0-based: column 31, the `;`
        Assert.StartsWith($"{path}(4,31): error CWIT001: expected a type, found `;`", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void An_unknown_type_in_a_second_file_is_reported_in_that_file()
    {
        var run = GeneratorRun.Of(
        [
            ("/wit/p/a.wit", "package a:b;\ninterface one { type t = u32; }\n"),
            ("/wit/p/b.wit", "interface two {\n  f: func() -> missing-type;\n}\n"),
        ]);
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CWIT001", error.Id);
        var place = error.Location.GetLineSpan();
        Assert.Equal("/wit/p/b.wit", place.Path);
        Assert.Equal(1, place.StartLinePosition.Line);
        Assert.Contains("missing-type", error.GetMessage(), StringComparison.Ordinal);
    }
}
