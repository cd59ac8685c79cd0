namespace Capsule.PluginBench;

/// <summary>The guests the plugin benchmarks call: one core module seen raw and as a component, and an Extism plugin.</summary>
internal static class BenchGuests
{
    /// <summary>The core module both the raw baseline and the component run: <c>add(i32, i32) -> i32</c>.</summary>
    public const string CoreModule = """
        (module
          (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
        """;

    /// <summary>The same module lifted as <c>capsule:bench/calc@0.1.0#add</c>.</summary>
    public const string Component = """
        (component
          (core module $m
            (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
          (core instance $i (instantiate $m))
          (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
          (instance $calc (export "add" (func $add)))
          (export "capsule:bench/calc@0.1.0" (instance $calc)))
        """;

    /// <summary>The world the component plugin is checked against.</summary>
    public const string World = """
        package capsule:bench@0.1.0;
        interface calc { add: func(a: u32, b: u32) -> u32; }
        world plugin { export calc; }
        """;

    /// <summary>A guest built into tests/guests/out (tests/guests/build.sh).</summary>
    public static string Built(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Capsule.sln")))
        {
            dir = dir.Parent;
        }
        var path = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Capsule.sln not found"), "tests", "guests", "out", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{name} is not built: run tests/guests/build.sh", path);
    }
}
