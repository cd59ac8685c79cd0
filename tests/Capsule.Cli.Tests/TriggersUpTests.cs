using System.Diagnostics;
using StackExchange.Redis;

namespace Capsule.Cli.Tests;

/// <summary>
/// An app with HTTP, cron and Redis triggers in one real <c>capsule up</c> (real guests, a real
/// redis-server): each trigger runs, SIGTERM stops all of them and lets the message in flight
/// finish; <c>capsule inspect APP</c> lists the triggers.
/// </summary>
public sealed class TriggersUpTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly RedisServer _redis = new();

    public void Dispose()
    {
        _redis.Dispose();
        _temp.Dispose();
    }

    private string WriteApp()
    {
        var app = _temp.Combine("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "spin.toml"), $$"""
            spin_manifest_version = 2

            [application]
            name = "triggers"

            [application.trigger.redis]
            address = "{{_redis.Url}}"

            [[trigger.http]]
            route = "/..."
            component = "web"

            [[trigger.cron]]
            component = "tick"
            cron_expression = "* * * * * *"

            [[trigger.redis]]
            channel = "jobs"
            component = "worker"

            [component.web]
            source = "{{Guests.Get("redis-js.component.wasm")}}"
            allowed_outbound_hosts = ["redis://127.0.0.1:{{_redis.Port}}"]

            [component.tick]
            source = "{{Guests.Get("cron-js.component.wasm")}}"

            [component.worker]
            source = "{{Guests.Get("redis-js.component.wasm")}}"
            allowed_outbound_hosts = ["redis://127.0.0.1:{{_redis.Port}}"]
            environment = { REDIS_ADDRESS = "{{_redis.Url}}", REDIS_LOG_KEY = "done" }
            """);
        return app;
    }

    [Fact]
    public async Task Http_cron_and_redis_triggers_run_in_one_capsule_up_and_stop_together()
    {
        var app = WriteApp();
        // Two 13 MB JS components compile on a cold cache first: minutes on a loaded 2-core machine.
        var server = CapsuleProcess.Start(_temp.Combine("cache"), "up", app, "--listen", "127.0.0.1:0");
        var serving = await server.WaitForLine(l => l.StartsWith("Serving triggers on ", StringComparison.Ordinal), TimeSpan.FromMinutes(5));
        using var served = new ServedCapsule(server, new HttpClient { BaseAddress = new Uri(serving["Serving triggers on ".Length..]), Timeout = TimeSpan.FromSeconds(60) });
        await served.Server.WaitForLine(l => l == $"  redis {_redis.Url}/0 channel \"jobs\"  ->  worker", TimeSpan.FromSeconds(30));
        using var client = await ConnectionMultiplexer.ConnectAsync(_redis.Url[8..]);

        // HTTP: the web component increments a counter through outbound Redis.
        Assert.Equal("1\n", await served.Client.GetStringAsync($"/incr?address={Uri.EscapeDataString(_redis.Url)}&key=hits"));
        // Cron: the tick component runs every second.
        await served.Server.WaitForLine(l => l.Contains("[tick] cron end", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        // Redis: a message that takes 1.5 s is being handled when SIGTERM comes, and finishes.
        await WaitForSubscriber(client, "jobs");
        await client.GetSubscriber().PublishAsync(RedisChannel.Literal("jobs"), "sleep:1500");
        await served.Server.WaitForLine(l => l.Contains("[worker] handling sleep:1500", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        served.Server.Signal("TERM");

        Assert.Equal(0, await served.Server.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal("sleep:1500", (string?)await client.GetDatabase().ListGetByIndexAsync("done", 0));
        var lines = await served.Server.RemainingLines();
        Assert.Contains(lines, l => l.Contains("redis worker-redis-trigger stopped after 1 messages (0 failed)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cron cron-trigger1 stopped after", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("fail:", StringComparison.Ordinal));
    }

    [Fact]
    public void Inspect_lists_every_trigger_of_an_app()
    {
        var app = WriteApp();

        var result = CapsuleProcess.Run(_temp.Combine("cache"), "inspect", app);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  http   /...  ->  web\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  cron   \"* * * * * *\"  ->  tick  (id cron-trigger1)\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  redis  {_redis.Url}/0 channel \"jobs\"  ->  worker  (id worker-redis-trigger)\n", result.Stdout, StringComparison.Ordinal);

        var json = System.Text.Json.JsonDocument.Parse(CapsuleProcess.Run(_temp.Combine("cache"), "inspect", app, "--json").Stdout);
        Assert.Equal(["http", "cron", "redis"], json.RootElement.GetProperty("triggers").EnumerateArray().Select(t => t.GetProperty("type").GetString()));
    }

    private static async Task WaitForSubscriber(ConnectionMultiplexer client, string channel)
    {
        var waited = Stopwatch.StartNew();
        while ((long)((RedisResult[])(await client.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel))!)[1] < 1)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), $"nothing subscribed to {channel}");
            await Task.Delay(50);
        }
    }
}
