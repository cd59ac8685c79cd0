namespace Capsule.Wit.Generator.Tests;

/// <summary>
/// The lift/lower glue (<c>{Interface}Imports</c>): generated only against Capsule.Runtime, compiling cleanly for
/// every WIT shape, one readable method per function. tests/Capsule.Wit.Glue.Tests runs it with a real guest.
/// </summary>
public sealed class GlueTests
{
    private const string Ns = GeneratorRun.Root + ".My.Pkg.Things";

    private const string Wit = """
        package my:pkg@1.0.0;

        interface things {
            record point { x: s32, y: s32, %type: string }
            enum color { red, green, DNS-blue }
            flags perms { read, write, exec, admin }
            variant shape { circle(f64), empty, poly(list<point>) }
            type id = u64;
            resource blob {
                constructor(data: list<u8>);
                size: func() -> id;
                merge: static func(a: borrow<blob>, b: own<blob>) -> blob;
                read: func(len: u32) -> result<list<u8>, color>;
            }
            pair: func(a: tuple<u32, string>, b: option<option<u8>>, %in: list<string>) -> option<string>;
            nothing: func() -> result;
            nested: func(a: list<list<u8>>, b: list<option<point>>, c: perms, d: shape) -> tuple<s8, s16, f32, f64, char, bool, u16, u64, s32>;
            args: func(host: u32, results: string, %result: bool);
        }

        interface types-only {
            record pair { a: u8, b: u8 }
        }
        """;

    private static readonly GeneratorRun WithRuntime = GeneratorRun.Of(Wit, runtime: true);

    [Fact]
    public void Glue_compiles_without_diagnostics_for_every_shape() => Assert.Equal("", WithRuntime.Problems);

    [Fact]
    public void Imports_name_the_interface_and_create_a_host_interface()
    {
        var imports = WithRuntime.Type($"{Ns}.ThingsImports");
        Assert.True(imports.IsStatic);
        Assert.Contains(imports.GetMembers("Name"), m => m is Microsoft.CodeAnalysis.IFieldSymbol { IsConst: true, ConstantValue: "my:pkg/things@1.0.0" });
        var create = Assert.Single(imports.GetMembers("Create").OfType<Microsoft.CodeAnalysis.IMethodSymbol>());
        Assert.Equal("Capsule.Runtime.Native.HostInterface", create.ReturnType.ToDisplayString());
        Assert.Equal($"System.Func<Capsule.Runtime.Native.ComponentStore, {Ns}.IThings>", create.Parameters.Single().Type.ToDisplayString());
    }

    [Fact]
    public void Each_function_is_a_named_method_lifting_one_argument_per_line()
    {
        var text = WithRuntime.AllText;
        Assert.Contains("private static void BlobMerge(IThings host, ValSpan args, ValSpan results)", text);
        Assert.Contains("var a = new Borrow<Blob>(args[0].Resource.Rep);", text);
        Assert.Contains("var b = new Resource<Blob>(args[1].Resource.Rep);", text);
        Assert.Contains("var result = host.Blob.Merge(a, b);", text);
        Assert.Contains("using var data = args[0].LeaseBytes();", text);
        Assert.Contains("var result = host.Blob.New(data.Span);", text);
        // WIT parameters named like the method's own parameters get a suffix instead of hiding them.
        Assert.Contains("host.Args(hostValue, resultsValue, resultValue);", text);
    }

    [Fact]
    public void Resources_are_linked_with_their_type_id_and_a_destructor_calling_drop() =>
        Assert.Contains(
            "imports.Resources[\"blob\"] = (ResourceType<Blob>.Id, (store, rep) => host(store).Blob.Drop(new Resource<Blob>(rep)));",
            WithRuntime.AllText);

    [Fact]
    public void An_interface_of_types_only_gets_a_create_without_host() =>
        Assert.Contains(
            WithRuntime.Type(GeneratorRun.Root + ".My.Pkg.TypesOnly.TypesOnlyImports").GetMembers("Create"),
            m => m is Microsoft.CodeAnalysis.IMethodSymbol { Parameters.Length: 0 });

    [Fact]
    public void Without_capsule_runtime_no_glue_is_generated()
    {
        var run = GeneratorRun.Of(Wit);
        Assert.Equal("", run.Problems);
        Assert.Null(run.Output.GetTypeByMetadataName($"{Ns}.ThingsImports"));
        Assert.NotNull(run.Output.GetTypeByMetadataName($"{Ns}.IThings"));
    }

    [Fact]
    public void A_wit_change_the_implementation_no_longer_matches_is_a_compile_error()
    {
        const string implementation = """
            namespace Impl;
            public sealed class Host : Test.Gen.My.Pkg.Small.ISmall
            {
                public uint Get(uint key) => key;
            }
            """;
        var matching = GeneratorRun.Of("package my:pkg@1.0.0;\ninterface small { get: func(key: u32) -> u32; }", extraSource: implementation, runtime: true);
        var changed = GeneratorRun.Of("package my:pkg@1.0.0;\ninterface small { get: func(key: u64) -> u32; }", extraSource: implementation, runtime: true);
        Assert.Equal("", matching.Problems);
        Assert.Contains("CS0535", changed.Problems);
    }
}
