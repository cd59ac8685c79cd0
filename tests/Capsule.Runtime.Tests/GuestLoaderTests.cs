using Capsule.Runtime.Loading;

namespace Capsule.Runtime.Tests;

/// <summary>Every way a file can fail to load gives one message naming the file and the cause.</summary>
public sealed class GuestLoaderTests(RuntimeFixture runtime) : IClassFixture<RuntimeFixture>, IDisposable
{
    private readonly TempDir _temp = new();

    private string Write(string name, byte[] bytes)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string LoadError(string path) => Assert.Throws<WasmLoadException>(() => runtime.Loader.Load(path)).Message;

    [Fact]
    public void Missing_file() =>
        Assert.Equal($"{_temp.Combine("nope.wasm")}: file not found", LoadError(_temp.Combine("nope.wasm")));

    [Fact]
    public void Directory_instead_of_a_file() =>
        Assert.Equal($"{_temp.Path}: is a directory, not a .wasm file", LoadError(_temp.Path));

    [Fact]
    public void Empty_file()
    {
        var path = Write("empty.wasm", []);
        Assert.Equal($"{path}: empty file, not WebAssembly", LoadError(path));
    }

    [Fact]
    public void Not_wasm()
    {
        var path = Write("text.wasm", "#!/bin/sh\necho hi\n"u8.ToArray());
        Assert.Equal($"{path}: not a WebAssembly file (it does not start with the \\0asm magic bytes)", LoadError(path));
    }

    [Fact]
    public void Unknown_version()
    {
        var path = Write("v2.wasm", [0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]);
        Assert.Equal($"{path}: unsupported WebAssembly version 2 (layer 0)", LoadError(path));
    }

    [Fact]
    public void Truncated_module()
    {
        var whole = File.ReadAllBytes(Guests.Get("probe.wasm"));
        var path = Write("truncated.wasm", whole[..(whole.Length / 2)]);
        var message = LoadError(path);
        Assert.StartsWith($"{path}: invalid WebAssembly module: ", message);
        Assert.DoesNotContain("\n", message);
    }

    [Fact]
    public void Truncated_component()
    {
        var whole = File.ReadAllBytes(Guests.Get("probe.component.wasm"));
        var path = Write("truncated.component.wasm", whole[..(whole.Length / 3)]);
        var message = LoadError(path);
        Assert.StartsWith($"{path}: invalid WebAssembly component: ", message);
        Assert.DoesNotContain("\n", message);
    }

    [Fact]
    public void Invalid_text()
    {
        var path = Write("bad.wat", "(module (func (export \"_start\") (i32.add)))"u8.ToArray());
        var message = LoadError(path);
        Assert.StartsWith($"{path}: invalid WebAssembly module: ", message);
        Assert.Contains("type mismatch", message);
    }

    [Fact]
    public void Text_module_loads_and_runs_like_its_binary()
    {
        var path = Path.Combine(Guests.RepoRoot, "tests", "guests", "wat", "hello.wat");
        using var guest = runtime.Loader.Load(path);
        Assert.Equal(WasmKind.CoreModule, guest.Kind);
    }

    [Fact]
    public void Kind_is_detected_from_the_bytes()
    {
        using var module = runtime.Loader.Load(Guests.Get("probe.wasm"));
        using var component = runtime.Loader.Load(Guests.Get("probe.component.wasm"));
        Assert.Equal(WasmKind.CoreModule, module.Kind);
        Assert.Equal(WasmKind.Component, component.Kind);
    }

    public void Dispose() => _temp.Dispose();
}
