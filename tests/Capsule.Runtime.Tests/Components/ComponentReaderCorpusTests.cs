using Capsule.Runtime.Components.Binary;

namespace Capsule.Runtime.Tests.Components;

/// <summary>
/// The fuzzing seed corpus (bench/fuzz/corpus/component-reader, where every input a fuzzing run
/// finds failing is added as a regression) reads; its hand-made seeds resolve as written.
/// </summary>
public sealed class ComponentReaderCorpusTests
{
    private static string Corpus => Path.Combine(Guests.RepoRoot, "bench", "fuzz", "corpus", "component-reader");

    [Fact]
    public void Every_input_of_the_fuzzing_corpus_reads_or_fails_with_the_one_error()
    {
        var files = Directory.GetFiles(Corpus);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            try
            {
                ComponentSurface.Describe(ComponentReader.Read(File.ReadAllBytes(file)));
            }
            catch (ComponentBinaryException)
            {
            }
        }
    }

    [Fact]
    public void An_imported_instance_resolves_its_function_and_resource_through_aliases_and_canon()
    {
        var model = ComponentReader.Read(File.ReadAllBytes(Path.Combine(Corpus, "instance-import.wasm")));

        var import = Assert.Single(model.Imports);
        Assert.Equal(new ExternDesc(ExternKind.Instance, 0), import.Desc);
        var (imports, _) = ComponentSurface.Describe(model);
        var shape = Assert.IsType<ItemShape.Instance>(Assert.Single(imports).Value);
        Assert.Equal(["r", "f"], shape.Exports.Select(e => e.Key));
        Assert.IsType<ItemShape.Resource>(shape.Member("r"));
        Assert.IsType<ItemShape.Func>(shape.Member("f"));

        var lower = Assert.IsType<Definition.Canon>(model[new SortIndex(Sort.CoreFunc, 0)]);
        Assert.Equal(new CanonDefinition.Lower(0, CanonOptions.None), lower.Function);
        var alias = Assert.IsType<Definition.Alias>(model[new SortIndex(Sort.Func, 0)]);
        Assert.Equal(new AliasTarget.InstanceExport(0, "f"), alias.Target);
        Assert.Equal(new CanonDefinition.ResourceDrop(1), Assert.IsType<Definition.Canon>(model[new SortIndex(Sort.CoreFunc, 1)]).Function);
    }

    [Fact]
    public void Nested_components_are_models_of_their_own()
    {
        var model = ComponentReader.Read(File.ReadAllBytes(Path.Combine(Corpus, "nested.wasm")));
        var nested = model.Space(Sort.Component).Cast<Definition.Component>().ToList();
        Assert.Equal(2, nested.Count);
        Assert.Single(nested[1].Model.Space(Sort.Component));
    }
}
