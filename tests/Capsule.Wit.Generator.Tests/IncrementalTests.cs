extern alias generator;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using WitGenerator = generator::Capsule.Wit.Generator.WitGenerator;

namespace Capsule.Wit.Generator.Tests;

/// <summary>An edit to C# does not read the WIT again: the generated sources come from the cache.</summary>
public sealed class IncrementalTests
{
    [Fact]
    public void A_csharp_edit_reuses_the_generated_sources_and_a_wit_edit_regenerates()
    {
        var wit = new WitText("/wit/a/a.wit", "package a:b; interface c { get: func() -> u32; }");
        var compilation = CSharpCompilation.Create("Incremental", [CSharpSyntaxTree.ParseText("class One { }")]);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new WitGenerator().AsSourceGenerator()], [wit],
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Two { }")));
        Assert.NotEmpty(SourceOutputReasons(driver));
        Assert.All(SourceOutputReasons(driver), r => Assert.Equal(IncrementalStepRunReason.Cached, r));

        driver = driver.ReplaceAdditionalText(wit, new WitText(wit.Path, "package a:b; interface c { get: func() -> u64; }"));
        driver = driver.RunGenerators(compilation);
        Assert.Contains(IncrementalStepRunReason.Modified, SourceOutputReasons(driver));
        Assert.Contains("ulong Get()", driver.GetRunResult().GeneratedTrees.Single().ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<IncrementalStepRunReason> SourceOutputReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(step => step.Outputs).Select(o => o.Reason);

    private sealed class WitText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
