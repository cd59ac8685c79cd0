namespace Capsule.Wit.Tests;

/// <summary>Worlds: imports and exports by path, inline interfaces, functions, types, and includes.</summary>
public class WorldTests
{
    private const string Worlds = """
        package test:pkg@0.1.0;
        interface logging { log: func(msg: string); }
        interface handler { handle: func(); }
        world base {
            import logging;
            import now: func() -> u64;
        }
        world app {
            include base;
            record config { name: string }
            import settings: interface {
                get: func() -> string;
            }
            export handler;
            export run: func(c: config) -> result;
        }
        """;

    [Fact]
    public void Imports_and_exports_name_interfaces_by_path_functions_and_inline_interfaces_by_name()
    {
        var app = Wit.Read(Worlds).Packages.Single().FindWorld("app")!;

        Assert.Equal(["test:pkg/logging@0.1.0", "now", "settings"], app.Imports.Select(i => i.Name));
        Assert.Equal(["test:pkg/handler@0.1.0", "run"], app.Exports.Select(e => e.Name));
        Assert.IsType<WorldInterface>(app.Imports[0]);
        Assert.Equal(new PrimitiveType(Primitive.U64), Assert.IsType<WorldFunction>(app.Imports[1]).Function.Result);
    }

    [Fact]
    public void An_inline_interface_belongs_to_its_world_and_sees_the_world_s_types_only_by_use()
    {
        var set = Wit.Read(Worlds);
        var app = set.Packages.Single().FindWorld("app")!;

        var settings = Assert.IsType<WorldInterface>(app.Imports.Single(i => i.Name == "settings")).Interface;

        Assert.Equal("app", settings.World);
        Assert.Equal("settings", settings.QualifiedName);
        Assert.Equal("get", settings.Functions.Single().Name);
        var error = Wit.Error(Worlds.Replace("get: func() -> string;", "get: func() -> config;"));
        Assert.Contains("type `config` is not defined in interface `settings` of world `app`", error.Message);
    }

    [Fact]
    public void A_world_s_own_types_are_used_by_its_functions()
    {
        var app = Wit.Read(Worlds).Packages.Single().FindWorld("app")!;

        var config = Assert.IsType<RecordDef>(app.Types.Single());
        var run = Assert.IsType<WorldFunction>(app.Exports[1]).Function;

        Assert.Same(config, Assert.IsType<NamedType>(run.Params.Single().Type).Definition);
        Assert.Equal(new TypeOwner(new PackageName("test", "pkg", "0.1.0"), null, "app"), config.Owner);
        Assert.Equal("test:pkg/app@0.1.0", app.QualifiedName);
    }

    [Fact]
    public void Include_merges_another_world_renaming_with_with_and_keeping_one_copy_of_shared_interfaces()
    {
        var world = Wit.Read("""
            package test:pkg;
            interface logging { log: func(msg: string); }
            world one { import logging; import now: func() -> u64; }
            world two { import logging; import now: func() -> u32; }
            world both {
                include one;
                include two with { now as now32 }
            }
            """).Packages.Single().FindWorld("both")!;

        Assert.Equal(["test:pkg/logging", "now", "now32"], world.Imports.Select(i => i.Name));
        Assert.Equal(new PrimitiveType(Primitive.U32), Assert.IsType<WorldFunction>(world.Imports[2]).Function.Result);
    }

    [Fact]
    public void Include_of_a_world_in_another_package_brings_its_imports()
    {
        var set = WitReader.Read(
        [
            new WitSource("dep/dep.wit", "package dep:lib@1.0.0;\ninterface a { f: func(); }\nworld imports { import a; }"),
            new WitSource("app/app.wit", "package my:app;\nworld w { include dep:lib/imports@1.0.0; }"),
        ]);

        Assert.Equal(["dep:lib/a@1.0.0"], set.FindPackage("my:app")!.FindWorld("w")!.Imports.Select(i => i.Name));
    }

    [Fact]
    public void Elaborated_imports_add_what_imports_and_exports_use_dependencies_first()
    {
        var world = Wit.Read("""
            package test:pkg;
            interface base { type id = u32; }
            interface types { use base.{id}; record r { x: id } }
            interface client { use types.{r}; get: func() -> r; }
            interface handler { use types.{r}; handle: func(x: r); }
            interface shared { type t = u8; }
            world w {
                use shared.{t};
                import now: func() -> t;
                import client;
                export handler;
            }
            """).Packages.Single().FindWorld("w")!;

        Assert.Equal(["now", "test:pkg/client"], world.Imports.Select(i => i.Name));
        Assert.Equal(
            ["test:pkg/shared", "now", "test:pkg/base", "test:pkg/types", "test:pkg/client"],
            world.ElaboratedImports().Select(i => i.Name));
    }

    [Fact]
    public void The_proxy_world_s_elaborated_imports_are_every_interface_its_guest_may_import()
    {
        var folders = Directory.GetDirectories(Path.Combine(Guests.RepoRoot, "wit"));
        var proxy = WitReader.ReadFolders(folders).FindPackage("wasi:http@0.2.12")!.FindWorld("proxy")!;

        var names = proxy.ElaboratedImports().Select(i => i.Name).ToList();

        Assert.Contains("wasi:http/types@0.2.12", names);
        Assert.Contains("wasi:io/error@0.2.12", names);
        Assert.True(names.IndexOf("wasi:io/streams@0.2.12") < names.IndexOf("wasi:http/types@0.2.12"));
        Assert.True(names.IndexOf("wasi:http/types@0.2.12") < names.IndexOf("wasi:http/outgoing-handler@0.2.12"));
        Assert.DoesNotContain("wasi:http/incoming-handler@0.2.12", names);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(proxy.Imports, i => Assert.Contains(i.Name, names));
    }
}
