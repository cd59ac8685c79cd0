namespace Capsule.Cli.Tests;

/// <summary><c>capsule up --key-value</c> and <c>--runtime-config-file</c> as a process, with the key-value guest (tests/guests/js/kv).</summary>
public sealed class KeyValueCommandTests(KeyValueCommandTests.SharedCache cache) : IClassFixture<KeyValueCommandTests.SharedCache>, IDisposable
{
    private readonly TempDir _temp = new();

    private string WriteApp(params string[] labels)
    {
        var path = _temp.Combine("capsule.toml");
        File.WriteAllText(path, $$"""
            [application]
            name = "kv"

            [[trigger.http]]
            route = "/..."
            component = "kv"

            [component.kv]
            {{TestManifests.Source("kv-js.component.wasm")}}
            key_value_stores = [{{string.Join(", ", labels.Select(l => $"\"{l}\""))}}]
            """);
        return path;
    }

    [Fact]
    public async Task Key_value_flags_seed_the_default_store_the_guest_reads()
    {
        var app = WriteApp("default");

        using var served = await ServedCapsule.Start(cache.Path, app, "kv", "--key-value", "greeting=hello there", "--key-value", "n=1", "--key-value", "n=2");

        Assert.Equal("hello there\n", await served.Client.GetStringAsync("/spin/default/get/greeting"));
        Assert.Equal("2\n", await served.Client.GetStringAsync("/wasi/default/get/n"));
        Assert.True(File.Exists(_temp.Combine(".capsule", "key-value.db")));
    }

    [Fact]
    public async Task A_label_without_configuration_stops_start_up_naming_it()
    {
        var app = WriteApp("default", "cache");

        using var server = CapsuleProcess.Start(cache.Path, "up", app, "--listen", "127.0.0.1:0");
        var exitCode = await server.WaitForExit(TimeSpan.FromSeconds(90));

        var output = string.Join("\n", await server.RemainingLines());
        Assert.Equal(2, exitCode);
        Assert.Contains("capsule.toml:10: component.kv.key_value_stores: no key-value store is labelled 'cache'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_config_file_defines_a_label_in_a_file_of_its_own()
    {
        var app = WriteApp("cache");
        File.WriteAllText(_temp.Combine("runtime-config.toml"), """
            [key_value_store.cache]
            type = "spin"
            path = "data/cache.db"
            """);

        using (var served = await ServedCapsule.Start(cache.Path, app, "kv", "--runtime-config-file", _temp.Combine("runtime-config.toml")))
        {
            Assert.Equal("ok\n", await served.Client.GetStringAsync("/spin/cache/set/k?value=v"));
        }

        Assert.True(File.Exists(_temp.Combine("data", "cache.db")));
        using var again = await ServedCapsule.Start(cache.Path, app, "kv", "--runtime-config-file", _temp.Combine("runtime-config.toml"));
        Assert.Equal("v\n", await again.Client.GetStringAsync("/spin/cache/get/k"));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>One artifact cache for the class: the 13 MB guest is compiled once, not per test (a loaded machine takes minutes).</summary>
    public sealed class SharedCache : IDisposable
    {
        private readonly TempDir _dir = new();

        public string Path => _dir.Path;

        public void Dispose() => _dir.Dispose();
    }
}
