using Capsule.Wit.Model;

namespace Capsule.Wit.Generator.Tests;

/// <summary>The generator on every package under <c>wit/</c> (WASI 0.2.12 and the service packages), and the choice of what to generate.</summary>
public sealed class WasiWitTests
{
    [Fact]
    public void Every_interface_under_wit_generates_one_file_and_compiles()
    {
        var run = GeneratorRun.Of(RepoWit.Files);
        Assert.Equal("", run.Problems);
        var interfaces = WitReader.ReadFolders(Directory.GetDirectories(RepoWit.Folder)).Packages.SelectMany(p => p.Interfaces).ToList();
        // WASI 0.2.12's 31 interfaces, beside the service packages (Spin's, wasi:keyvalue, wasi:config).
        Assert.Equal(31, interfaces.Count(i => i.QualifiedName.StartsWith("wasi:", StringComparison.Ordinal) && i.QualifiedName.EndsWith("@0.2.12", StringComparison.Ordinal)));
        Assert.Equal(interfaces.Select(i => i.QualifiedName).Order(), run.Sources.Select(s => FirstLineName(s.SourceText.ToString())).Order());
    }

    [Fact]
    public void Including_an_interface_generates_it_and_the_interfaces_it_uses_only()
    {
        var run = GeneratorRun.Of(RepoWit.Files, include: "wasi:io/streams@0.2.12");
        Assert.Equal("", run.Problems);
        Assert.Equal(["wasi:io/error@0.2.12", "wasi:io/poll@0.2.12", "wasi:io/streams@0.2.12"], run.Sources.Select(s => FirstLineName(s.SourceText.ToString())).Order());
    }

    [Fact]
    public void Including_a_world_generates_what_its_components_import_and_export()
    {
        var run = GeneratorRun.Of(RepoWit.Files, include: "wasi:http/proxy@0.2.12");
        Assert.Equal("", run.Problems);
        var names = run.Sources.Select(s => FirstLineName(s.SourceText.ToString())).ToList();
        Assert.Contains("wasi:http/outgoing-handler@0.2.12", names);
        Assert.Contains("wasi:http/types@0.2.12", names);
        Assert.Contains("wasi:io/streams@0.2.12", names);
        Assert.Contains("wasi:http/incoming-handler@0.2.12", names);
        Assert.DoesNotContain("wasi:filesystem/types@0.2.12", names);
    }

    [Fact]
    public void An_unknown_include_is_an_error_naming_it()
    {
        var run = GeneratorRun.Of(RepoWit.Files, include: "wasi:io/streams@0.2.12; wasi:nope/x");
        var error = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CWIT002", error.Id);
        Assert.Contains("`wasi:nope/x`", error.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>The interface a generated file is of, from its first line.</summary>
    private static string FirstLineName(string source) => source.Split('\n')[0].Split(' ').Last().Trim();
}
