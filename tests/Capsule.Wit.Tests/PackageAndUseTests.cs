namespace Capsule.Wit.Tests;

/// <summary>Packages, versions, nested packages, files of one folder, and <c>use</c> in all its forms.</summary>
public class PackageAndUseTests
{
    [Fact]
    public void A_package_name_has_namespace_name_and_a_prerelease_version()
    {
        var package = Wit.Read("package wasi:io@0.2.0-rc-2023-11-10;\ninterface streams {}").Packages.Single();

        Assert.Equal(new PackageName("wasi", "io", "0.2.0-rc-2023-11-10"), package.Name);
        Assert.Equal("wasi:io/streams@0.2.0-rc-2023-11-10", package.Interfaces.Single().QualifiedName);
    }

    [Fact]
    public void Use_takes_types_from_another_interface_under_their_name_or_a_new_one()
    {
        var package = Wit.Read("""
            package test:pkg@1.0.0;
            interface a { record r { x: u8 } enum e { one } }
            interface b {
                use a.{r, e as kind};
                f: func(x: r, y: kind);
            }
            """).Packages.Single();
        var a = package.FindInterface("a")!;
        var b = package.FindInterface("b")!;

        var use = b.Uses.Single();

        Assert.Same(a, use.From);
        Assert.Equal(["r", "kind"], use.Types.Select(t => t.LocalName));
        Assert.Equal([a.FindType("r"), a.FindType("e")], use.Types.Select(t => t.Definition));
        Assert.Equal([a.FindType("r"), a.FindType("e")], b.Functions.Single().Params.Select(p => ((NamedType)p.Type).Definition));
        Assert.Empty(b.Types);
    }

    [Fact]
    public void A_used_type_can_be_used_again_from_the_interface_that_used_it()
    {
        var package = Wit.Read("""
            package test:pkg;
            interface a { resource thing; }
            interface b { use a.{thing}; }
            interface c { use b.{thing as t}; f: func(x: borrow<t>); }
            """).Packages.Single();

        var handle = Assert.IsType<HandleType>(package.FindInterface("c")!.Functions.Single().Params[0].Type);

        Assert.Same(package.FindInterface("a")!.FindType("thing"), handle.Resource);
    }

    [Fact]
    public void Packages_in_other_folders_are_found_by_name_and_version()
    {
        var set = WitReader.Read(
        [
            new WitSource("deps/io/streams.wit", "package wasi:io@0.2.12;\ninterface streams { resource input-stream; }"),
            new WitSource("app/app.wit", "package my:app;\ninterface api { use wasi:io/streams@0.2.12.{input-stream}; body: func() -> input-stream; }"),
        ]);

        var body = set.FindPackage("my:app")!.FindInterface("api")!.Functions.Single();

        Assert.Same(set.FindInterface("wasi:io/streams@0.2.12")!.FindType("input-stream"), Assert.IsType<HandleType>(body.Result).Resource);
        Assert.Equal(2, set.Packages.Count);
    }

    [Fact]
    public void A_file_level_use_names_an_interface_of_another_package_for_that_file()
    {
        var set = WitReader.Read(
        [
            new WitSource("deps/io/io.wit", "package wasi:io@0.2.12;\ninterface error { resource error; }"),
            new WitSource("app/app.wit", "package my:app;\nuse wasi:io/error@0.2.12 as io-errors;\ninterface api { use io-errors.{error}; }"),
        ]);

        var use = set.FindPackage("my:app")!.FindInterface("api")!.Uses.Single();

        Assert.Equal("wasi:io/error@0.2.12", use.From.QualifiedName);
    }

    [Fact]
    public void The_files_of_one_folder_make_one_package_and_see_each_other()
    {
        var set = WitReader.Read(
        [
            new WitSource("pkg/types.wit", "package test:pkg;\ninterface types { record r { x: u8 } }"),
            new WitSource("pkg/api.wit", "interface api { use types.{r}; get: func() -> r; }\nworld w { export api; }"),
        ]);

        var package = set.Packages.Single();

        Assert.Equal(["api", "types"], package.Interfaces.Select(i => i.Name));
        Assert.Equal("test:pkg/api", package.FindWorld("w")!.Exports.Single().Name);
    }

    [Fact]
    public void Nested_package_blocks_are_packages_of_their_own_that_the_file_can_use()
    {
        var set = Wit.Read("""
            package root:app;
            package dep:lib@1.0.0 {
                interface types { type id = u32; }
            }
            interface api { use dep:lib/types@1.0.0.{id}; get: func() -> id; }
            """);

        Assert.Equal(["root:app", "dep:lib@1.0.0"], set.Packages.Select(p => p.Name.ToString()));
        var id = Assert.IsType<NamedType>(set.FindPackage("root:app")!.FindInterface("api")!.Functions.Single().Result);
        Assert.Equal(new TypeOwner(new PackageName("dep", "lib", "1.0.0"), "types", null), id.Definition.Owner);
    }

    [Fact]
    public void A_package_reference_without_a_version_finds_the_only_version_read()
    {
        var set = WitReader.Read(
        [
            new WitSource("a/a.wit", "package x:a@2.1.0;\ninterface i { type t = u8; }"),
            new WitSource("b/b.wit", "package x:b;\ninterface j { use x:a/i.{t}; }"),
        ]);

        Assert.Equal("x:a/i@2.1.0", set.FindPackage("x:b")!.FindInterface("j")!.Uses.Single().From.QualifiedName);
        Assert.NotNull(set.FindPackage("x:a"));
    }
}
