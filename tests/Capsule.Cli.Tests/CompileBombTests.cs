namespace Capsule.Cli.Tests;

/// <summary>
/// Files that cost far more to compile than their size: refused, or described, before any code is
/// generated. A compile that happened would leave an entry in the artifact cache, so an empty cache
/// proves none did.
/// </summary>
public sealed class CompileBombTests : IDisposable
{
    private readonly TempDir _temp = new();

    private string Cache => _temp.Combine("cache");

    private CapsuleResult Capsule(params string[] args) => CapsuleProcess.Run(Cache, args);

    [Fact]
    public void A_module_of_a_million_functions_is_refused_before_compiling()
    {
        // 4 MB; compiling it took 75 s and 5.6 GB.
        var path = Write("million.wasm", WasmBinaries.ModuleWithFunctions(1_000_000, exportStart: true));
        var result = Capsule("run", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"capsule: error: {path}: declares 1,000,000 functions, more than Capsule compiles (200,000); refused before compiling\n", result.Stderr);
        Assert.Empty(CachedFiles());
    }

    [Fact]
    public void Inspect_lists_a_module_without_compiling_it()
    {
        var path = Write("many.wasm", WasmBinaries.ModuleWithFunctions(150_000, exportStart: true));
        var result = Capsule("inspect", path);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("_start", result.Stdout);
        Assert.Empty(CachedFiles());
    }

    [Fact]
    public void Run_refuses_a_module_without_start_before_compiling_it()
    {
        var path = Write("library.wasm", WasmBinaries.ModuleWithFunctions(3, exportStart: false));
        var result = Capsule("run", path);
        Assert.Equal(new CapsuleResult(2, "", $"capsule: error: {path}: module exports no _start function to run (it exports nothing)\n"), result);
        Assert.Empty(CachedFiles());
    }

    [Fact]
    public void A_component_of_a_hundred_thousand_imports_is_refused_before_reflecting_on_it()
    {
        // Listing them through the C API's type reflection walked the list for each one: minutes.
        var path = Write("imports.wasm", WasmBinaries.ComponentWithImports(100_000));
        foreach (var command in new[] { "inspect", "run" })
        {
            var result = Capsule(command, path);
            Assert.Equal(new CapsuleResult(2, "", $"capsule: error: {path}: declares 100,000 imports, more than Capsule links (10,000); refused before compiling\n"), result);
        }
        Assert.Empty(CachedFiles());
    }

    [Fact]
    public void A_memory_larger_than_max_memory_at_start_is_not_reported_as_a_trap()
    {
        var path = Write("big-memory.wat", """(module (memory 2048) (func (export "_start")))""");
        var result = Capsule("run", "--max-memory", "64MiB", path);
        Assert.Equal(new CapsuleResult(2, "", $"capsule: error: {path}: its memory starts at 128MiB, more than --max-memory 64MiB allows; nothing ran\n"), result);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text)
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    private List<string> CachedFiles() =>
        Directory.Exists(Cache) ? [.. Directory.EnumerateFiles(Cache, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length > 0)] : [];

    public void Dispose() => _temp.Dispose();
}
