extern alias generator;

using System.Collections.Immutable;
using Capsule.Wit.Bindings;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WitGenerator = generator::Capsule.Wit.Generator.WitGenerator;

namespace Capsule.Wit.Generator.Tests;

/// <summary>
/// Runs <see cref="WitGenerator"/> as the compiler does (CSharpGeneratorDriver) on .wit texts given as
/// additional files, then compiles what it generated against the real framework and Capsule.Wit.
/// </summary>
internal sealed record GeneratorRun(
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompileDiagnostics,
    ImmutableArray<GeneratedSourceResult> Sources,
    Compilation Output)
{
    public const string Root = "Test.Gen";

    /// <summary>Generates and compiles; with <paramref name="runtime"/>, against Capsule.Runtime too (so with the glue).</summary>
    public static GeneratorRun Of(IEnumerable<(string Path, string Text)> files, string include = "", string extraSource = "", bool runtime = false)
    {
        var compilation = CSharpCompilation.Create(
            "Generated",
            extraSource.Length > 0 ? [CSharpSyntaxTree.ParseText(extraSource)] : [],
            runtime ? References().Append(MetadataReference.CreateFromFile(typeof(Capsule.Runtime.Native.HostLinker).Assembly.Location)) : References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new GlobalOptions(new Dictionary<string, string>
        {
            ["build_property.CapsuleWitNamespace"] = Root,
            ["build_property.CapsuleWitInclude"] = include,
        });
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new WitGenerator().AsSourceGenerator()],
            files.Select(f => (AdditionalText)new WitText(f.Path, f.Text)),
            optionsProvider: new OptionsProvider(options));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        return new GeneratorRun(result.Diagnostics, output.GetDiagnostics(), result.GeneratedSources, output);
    }

    public static GeneratorRun Of(string witText, string include = "", string extraSource = "", bool runtime = false) =>
        Of([("/wit/test/test.wit", witText)], include, extraSource, runtime);

    /// <summary>The generated text of every file, for assertions on its syntax.</summary>
    public string AllText => string.Join("\n", Sources.Select(s => s.SourceText.ToString()));

    /// <summary>The type named <paramref name="metadataName"/> in the compiled output (e.g. <c>Test.Gen.My.Pkg.Iface.Thing</c>).</summary>
    public INamedTypeSymbol Type(string metadataName) =>
        Output.GetTypeByMetadataName(metadataName) ?? throw new InvalidOperationException($"{metadataName} was not generated:\n{AllText}");

    /// <summary>The errors and warnings of generating and compiling, as text (empty when it all compiled).</summary>
    public string Problems => string.Join("\n", GeneratorDiagnostics.Concat(CompileDiagnostics)
        .Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Append(typeof(Unit).Assembly.Location)
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));

    private sealed class WitText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class GlobalOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }

    private sealed class OptionsProvider(AnalyzerConfigOptions global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => global;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => global;
    }
}
