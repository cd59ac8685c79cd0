namespace Capsule.Cli.Tests;

/// <summary><c>capsule up</c>'s service flags given bad input: one line naming the flag or file, exit code 2, nothing served.</summary>
public sealed class AppServiceFlagsTests : IDisposable
{
    private readonly TempDir _temp = new();

    private string App()
    {
        File.WriteAllText(_temp.Combine("capsule.toml"), TestManifests.SingleComponent("hello", "http-hello.wasm"));
        return _temp.Path;
    }

    private CapsuleResult Up(params string[] args) => CapsuleProcess.Run(_temp.Combine("cache"), ["up", App(), "--listen", "127.0.0.1:0", .. args]);

    [Fact]
    public void A_missing_runtime_config_file_is_named()
    {
        var missing = _temp.Combine("nope.toml");
        var result = Up("--runtime-config-file", missing);
        Assert.Equal(2, result.ExitCode);
        Assert.Matches($"^capsule: error: {System.Text.RegularExpressions.Regex.Escape(missing)}: cannot read the runtime config file \\(.*\\)\n$", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_runtime_config_file_with_a_wrong_key_names_its_line()
    {
        var config = _temp.Combine("runtime.toml");
        File.WriteAllText(config, "[key_value_store.cache]\ntype = \"memcached\"\n");
        var result = Up("--runtime-config-file", config);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"capsule: error: {config}:2: key_value_store.cache.type: ", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void A_key_value_seed_without_equals_is_refused()
    {
        var result = Up("--key-value", "just-a-key");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--key-value: 'just-a-key' is not KEY=VALUE", result.Stderr);
    }

    [Fact]
    public void A_missing_sqlite_file_is_named()
    {
        var missing = _temp.Combine("seed.sql");
        var result = Up("--sqlite", "@" + missing);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"capsule: error: {missing}: --sqlite: cannot read the file (", result.Stderr);
    }

    public void Dispose() => _temp.Dispose();
}
