using Capsule.Hosting.Services.KeyValue;
using Capsule.Hosting.Services.RuntimeConfig;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests.Services;

/// <summary>A runtime config file picks each label's backend; with none, <c>default</c> lives in the state folder.</summary>
public sealed class RuntimeConfigTests : IDisposable
{
    private readonly TempDir dir = new();

    [Fact]
    public void Without_a_file_the_default_store_and_database_are_files_in_the_state_folder_created_on_first_use()
    {
        var state = dir.Combine(".capsule");
        using var stores = ServiceDefaults.KeyValueStores(RuntimeConfigFile.Empty, state);
        var databases = ServiceDefaults.SqliteDatabases(RuntimeConfigFile.Empty, state);

        Assert.Equal(["default"], stores.Labels);
        Assert.Equal(["default"], databases.Labels);
        Assert.Null(stores.Find("cache"));
        Assert.False(Directory.Exists(state));
        stores.Find("default")!.Set("k", "v"u8);
        Assert.True(File.Exists(Path.Combine(state, "key-value.db")));
        Assert.Equal(Path.Combine(state, "sqlite.db"), databases.Find("default")!.Path);
    }

    [Fact]
    public void A_file_defines_sqlite_and_redis_stores_and_databases_with_paths_relative_to_its_folder()
    {
        using var redis = new RedisServer();
        Directory.CreateDirectory(dir.Combine("config"));
        File.WriteAllText(dir.Combine("config", "runtime-config.toml"), $"""
            [key_value_store.default]
            type = "spin"
            path = "data/kv.db"

            [key_value_store.shared]
            type = "redis"
            url = "{redis.Url}/2"

            [sqlite_database.reports]
            type = "spin"
            path = "/tmp/../{dir.Path.TrimStart('/')}/reports.db"
            """);

        var config = RuntimeConfigFile.Load(dir.Combine("config", "runtime-config.toml"), "runtime-config.toml");
        using var stores = ServiceDefaults.KeyValueStores(config, dir.Combine(".capsule"));
        var databases = ServiceDefaults.SqliteDatabases(config, dir.Combine(".capsule"));

        Assert.Equal(new KeyValueStoreConfig.SqliteFile(dir.Combine("config", "data", "kv.db")), config.KeyValueStores["default"]);
        Assert.Equal(["default", "shared"], stores.Labels.Order(StringComparer.Ordinal));
        Assert.Equal(["default", "reports"], databases.Labels.Order(StringComparer.Ordinal));
        Assert.Equal(dir.Combine("reports.db"), databases.Find("reports")!.Path);
        stores.Find("default")!.Set("k", "sqlite"u8);
        stores.Find("shared")!.Set("k", "redis"u8);
        Assert.True(File.Exists(dir.Combine("config", "data", "kv.db")));
        Assert.Equal("redis"u8.ToArray(), stores.Find("shared")!.Get("k"));
        Assert.Equal(2, Assert.IsType<RedisKeyValueStore>(stores.Find("shared")).Address.Database);
    }

    [Fact]
    public void A_redis_url_takes_its_password_from_the_environment_and_an_unset_variable_is_named()
    {
        using var redis = new RedisServer();
        const string password = "p@ss:w/rd%1";
        using (var admin = StackExchange.Redis.ConnectionMultiplexer.Connect($"127.0.0.1:{redis.Port},allowAdmin=true"))
        {
            admin.GetDatabase().Execute("CONFIG", "SET", "requirepass", password);
        }
        var variable = $"CAPSULE_TEST_REDIS_PASSWORD_{Guid.NewGuid():N}";
        var file = dir.Combine("runtime-config.toml");
        File.WriteAllText(file, $$"""
            [key_value_store.default]
            type = "redis"
            url = "redis://:${{{variable}}}@127.0.0.1:{{redis.Port}}"
            """);

        var unset = Assert.Throws<ManifestException>(() => RuntimeConfigFile.Load(file, "runtime-config.toml"));
        Assert.Contains($"key_value_store.default.url: the environment variable {variable} (named as ${{{variable}}}) is not set", unset.Message);

        Environment.SetEnvironmentVariable(variable, password);
        try
        {
            var config = RuntimeConfigFile.Load(file, "runtime-config.toml");
            using var stores = ServiceDefaults.KeyValueStores(config, dir.Combine(".capsule"));
            stores.Find("default")!.Set("k", "authenticated"u8);
            Assert.Equal("authenticated"u8.ToArray(), stores.Find("default")!.Get("k"));
            Assert.DoesNotContain(password, config.KeyValueStores["default"].ToString()!);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void A_missing_runtime_config_file_is_an_error_naming_it()
    {
        var error = Assert.Throws<Capsule.Runtime.Configuration.ManifestException>(() => RuntimeConfigFile.Load(dir.Combine("nope.toml"), "nope.toml"));

        Assert.StartsWith("nope.toml: cannot read the runtime config file", error.Message);
    }

    public void Dispose() => dir.Dispose();
}
