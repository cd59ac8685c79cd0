using Capsule.Plugins.Extism;
using Capsule.Plugins.Failures;

namespace Capsule.Plugins.Tests.Extism;

/// <summary>Extism's JSON manifest: its fields take effect, and what is wrong or unsupported is refused by name.</summary>
public sealed class ExtismManifestTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    [Fact]
    public void A_manifest_file_sets_config_timeout_and_memory()
    {
        using var dir = new TempDir();
        File.Copy(Guests.Get("extism-kitchen.wasm"), Path.Combine(dir.Path, "kitchen.wasm"));
        var manifestPath = Path.Combine(dir.Path, "manifest.json");
        File.WriteAllText(manifestPath, """
            {"wasm": [{"path": "kitchen.wasm"}], "config": {"user": "Benjamin"}, "allowed_hosts": ["*.example.com"],
             "memory": {"max_pages": 32, "max_var_bytes": 64}, "timeout_ms": 1500}
            """);
        using var plugin = ExtismPlugin.FromManifestFile(fixture.Engine, manifestPath, new ExtismPluginOptions { Wasi = true });
        Assert.Equal("Hello, Benjamin", plugin.Call("greet_config", ""));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), plugin.Manifest.Timeout);
        Assert.Equal(32 * 65536, plugin.Manifest.Memory.MaxBytes);
        Assert.Equal(["*.example.com"], plugin.Manifest.AllowedHosts);
        Assert.Contains("Variable store is full", Assert.Throws<PluginTrapException>(() => plugin.Call("set_blob", new string('v', 100))).Cause);
    }

    [Theory]
    [InlineData("""{"wasm": [{"path": "../outside.wasm"}]}""", "leaves the manifest's folder")]
    [InlineData("""{"wasm": [{"url": "https://example.com/p.wasm"}]}""", "must be a local 'path'")]
    [InlineData("""{"wasm": [{"path": "a.wasm"}, {"path": "b.wasm"}]}""", "exactly one module")]
    [InlineData("""{"wasm": [{"path": "a.wasm"}], "timeout": 5}""", "unknown field 'timeout'")]
    [InlineData("""{"wasm": [{"path": "a.wasm"}], "memory": {"max_pages": -1}}""", "'memory.max_pages' must be a positive integer")]
    [InlineData("""{"wasm": [{"path": "a.wasm"}], "config": {"n": 1}}""", "'config.n' must be a JSON string")]
    [InlineData("""{"wasm": [{"path": "a.wasm"}], "allowed_paths": {"/tmp": "/data"}}""", "allowed_paths is not supported")]
    [InlineData("""{"config": {}}""", "'wasm' is missing")]
    [InlineData("""{"wasm": """, "invalid Extism manifest")]
    public void A_bad_manifest_is_refused_with_its_cause(string json, string cause)
    {
        var e = Assert.Throws<PluginLoadException>(() => ExtismManifestReader.Parse(json, "/plugins", "m.json"));
        Assert.Contains(cause, e.Message);
        Assert.StartsWith("plugin m.json: invalid Extism manifest", e.Message);
    }

    [Fact]
    public void A_wasm_path_through_a_link_out_of_the_folder_is_refused()
    {
        using var dir = new TempDir();
        using var outside = new TempDir();
        File.Copy(Guests.Get("extism-runaway.wasm"), Path.Combine(outside.Path, "p.wasm"));
        File.CreateSymbolicLink(Path.Combine(dir.Path, "p.wasm"), Path.Combine(outside.Path, "p.wasm"));
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "sub"), outside.Path);
        foreach (var path in new[] { "p.wasm", "sub/p.wasm" })
        {
            var e = Assert.Throws<PluginLoadException>(() => ExtismManifestReader.Parse($$"""{"wasm": [{"path": "{{path}}"}]}""", dir.Path));
            Assert.Contains("leaves the manifest's folder", e.Message);
        }
    }
}
