namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// <c>capsule registry push</c>/<c>pull</c> carry every trigger type Capsule serves (http with its
/// WAGI executor, cron, redis) through Spin's locked app, and push refuses to send a Redis password.
/// </summary>
public sealed class TriggerPushPullTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryUser _user = new();

    public void Dispose() => _user.Dispose();

    private string WriteApp(string name, string redisAddress)
    {
        var app = _user.Combine(name);
        Directory.CreateDirectory(app);
        File.Copy(Guests.Get("http-hello.wasm"), Path.Combine(app, "hello.wasm"));
        File.Copy(Guests.Get("wagi.wasm"), Path.Combine(app, "wagi.wasm"));
        File.WriteAllText(Path.Combine(app, "capsule.toml"), $$"""
            spin_manifest_version = 2

            [application]
            name = "{{name}}"

            [application.trigger.redis]
            address = "{{redisAddress}}"

            [[trigger.http]]
            route = "/..."
            component = "web"

            [[trigger.http]]
            route = "/cgi/..."
            component = "cgi"
            executor = { type = "wagi", argv = "${SCRIPT_NAME} extra" }

            [[trigger.cron]]
            component = "tick"
            cron_expression = "*/2 * * * * *"

            [[trigger.redis]]
            channel = "jobs"
            component = "worker"

            [[trigger.redis]]
            channel = "audit"
            component = "worker"
            address = "redis://10.0.0.9:6380/2"

            [component.web]
            source = "hello.wasm"

            [component.cgi]
            source = "wagi.wasm"

            [component.tick]
            source = "hello.wasm"

            [component.worker]
            source = "hello.wasm"
            """);
        return app;
    }

    [Fact]
    public void Cron_redis_and_wagi_triggers_survive_push_and_pull()
    {
        var app = WriteApp("triggers", "redis://127.0.0.1:6379");
        var pushed = _user.Capsule("registry", "push", $"{fixture.Registry.Address}/test/triggers:v1", app, "--insecure");
        Assert.Equal(0, pushed.ExitCode);

        var pulled = _user.Capsule("registry", "pull", $"{fixture.Registry.Address}/test/triggers:v1", "--insecure");
        Assert.Equal(0, pulled.ExitCode);
        var folder = Path.Combine(_user.AppsDir, pushed.Stdout.Trim().Split(' ')[^1]["sha256:".Length..]);
        var toml = File.ReadAllText(Path.Combine(folder, "capsule.toml")).ReplaceLineEndings("\n");
        Assert.Contains("[[trigger.http]]\nroute = \"/cgi/...\"\ncomponent = \"cgi\"\nexecutor = { type = \"wagi\", entrypoint = \"_start\", argv = \"${SCRIPT_NAME} extra\" }\n", toml, StringComparison.Ordinal);
        Assert.Contains("[[trigger.cron]]\ncomponent = \"tick\"\ncron_expression = \"*/2 * * * * *\"\n", toml, StringComparison.Ordinal);
        Assert.Contains("[[trigger.redis]]\nchannel = \"jobs\"\ncomponent = \"worker\"\naddress = \"redis://127.0.0.1:6379/0\"\n", toml, StringComparison.Ordinal);
        Assert.Contains("[[trigger.redis]]\nchannel = \"audit\"\ncomponent = \"worker\"\naddress = \"redis://10.0.0.9:6380/2\"\n", toml, StringComparison.Ordinal);

        var inspected = _user.Capsule("inspect", folder);
        Assert.Equal(0, inspected.ExitCode);
        Assert.Contains("  redis  redis://10.0.0.9:6380/2 channel \"audit\"  ->  worker", inspected.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redis_address_holding_a_password_is_not_pushed()
    {
        var app = WriteApp("secret", "redis://:hunter2@127.0.0.1:6379");

        var pushed = _user.Capsule("registry", "push", $"{fixture.Registry.Address}/test/secret:v1", app, "--insecure");

        Assert.Equal(2, pushed.ExitCode);
        Assert.Contains("trigger.redis[0].address: its Redis address holds a password, which capsule registry push does not send", pushed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", pushed.Stderr, StringComparison.Ordinal);
    }
}
