namespace Capsule.Wit.Tests;

/// <summary>Reading from disk: a package folder with its deps/, as WIT tools lay it out.</summary>
public class FolderLayoutTests
{
    [Fact]
    public void A_package_folder_reads_with_the_packages_under_its_deps_folder()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("wit", "deps", "io"));
        File.WriteAllText(dir.Combine("wit", "world.wit"), "package my:app;\nworld app { import wasi:io/streams@0.2.12; import my:log/sink; }");
        File.WriteAllText(dir.Combine("wit", "deps", "io", "streams.wit"), "package wasi:io@0.2.12;\ninterface streams { resource output-stream; }");
        File.WriteAllText(dir.Combine("wit", "deps", "io", "world.wit"), "world imports { import streams; }");
        File.WriteAllText(dir.Combine("wit", "deps", "log.wit"), "package my:log;\ninterface sink { use wasi:io/streams@0.2.12.{output-stream}; }");

        var set = WitReader.ReadFolder(dir.Combine("wit"));

        Assert.Equal(["my:app", "wasi:io@0.2.12", "my:log"], set.Packages.Select(p => p.Name.ToString()));
        Assert.Equal(["wasi:io/streams@0.2.12", "my:log/sink"], set.FindPackage("my:app")!.FindWorld("app")!.Imports.Select(i => i.Name));
        Assert.Equal(["wasi:io/streams@0.2.12"], set.FindPackage("wasi:io")!.FindWorld("imports")!.Imports.Select(i => i.Name));
    }

    [Fact]
    public void An_error_in_a_file_on_disk_names_its_path()
    {
        using var dir = new TempDir();
        var file = dir.Combine("bad.wit");
        File.WriteAllText(file, "package a:b;\ninterface i {\n  f: func(;\n}");

        var error = Assert.Throws<WitException>(() => WitReader.ReadFolder(dir.Path));

        Assert.Equal($"{file}:3:11: expected a parameter name, found `;`", error.Message);
    }

    [Fact]
    public void The_interface_a_type_comes_from_is_found_from_the_type_even_across_packages_and_inline()
    {
        var set = WitReader.Read(
        [
            new WitSource("io/io.wit", "package wasi:io@0.2.12;\ninterface streams { resource input-stream; }"),
            new WitSource("app/app.wit", """
                package my:app;
                world w {
                    record config { x: u8 }
                    import api: interface { use wasi:io/streams@0.2.12.{input-stream}; record r { s: u8 } get: func() -> input-stream; }
                }
                """),
        ]);
        var w = set.FindPackage("my:app")!.FindWorld("w")!;
        var api = ((WorldInterface)w.Imports.Single()).Interface;
        var stream = ((HandleType)api.Functions.Single().Result!).Resource;

        Assert.Same(set.FindInterface("wasi:io/streams@0.2.12"), set.InterfaceOf(stream));
        Assert.Same(api, set.InterfaceOf(api.FindType("r")!));
        Assert.Null(set.InterfaceOf(w.Types.Single()));
    }
}
