using System.Diagnostics;
using StackExchange.Redis;

namespace Capsule.Cli.Tests.Reload;

/// <summary>
/// Triggers across a swap (issue 24 §4): HTTP requests go to the new version, while Redis (and cron)
/// triggers keep running the version capsule up started with, whose app therefore stays loaded until
/// capsule up stops. (An app with Redis triggers and no cron ones had its first version's compiled code
/// released under its Redis handlers by the first swap.)
/// </summary>
public sealed class TriggersAcrossSwapsTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly TempDir _temp = new();
    private readonly RedisServer _redis = new();

    public void Dispose()
    {
        _redis.Dispose();
        _temp.Dispose();
    }

    // The HTTP component's id names the version that serves it; the Redis trigger stays as it is.
    private void WriteApp(string app, string web) => File.WriteAllText(Path.Combine(app, "capsule.toml"), $$"""
        [application]
        name = "triggered"

        [application.trigger.redis]
        address = "{{_redis.Url}}"

        [[trigger.http]]
        route = "/..."
        component = "{{web}}"

        [[trigger.redis]]
        channel = "jobs"
        component = "worker"

        [component.{{web}}]
        {{TestManifests.Source("http-hello.wasm")}}

        [component.worker]
        source = "{{Guests.Get("redis-js.component.wasm")}}"
        allowed_outbound_hosts = ["redis://127.0.0.1:{{_redis.Port}}"]
        environment = { REDIS_ADDRESS = "{{_redis.Url}}", REDIS_LOG_KEY = "done" }
        """);

    [Fact]
    public async Task Redis_triggers_keep_running_the_first_version_after_a_swap()
    {
        var app = _temp.Combine("app");
        Directory.CreateDirectory(app);
        WriteApp(app, "web1");
        // A 13 MB JS component compiles on a cold cache first: minutes on a loaded 2-core machine.
        var server = CapsuleProcess.Start(_temp.Combine("cache"), "up", app, "--listen", "127.0.0.1:0");
        var serving = await server.WaitForLine(l => l.StartsWith("Serving triggered on ", StringComparison.Ordinal), TimeSpan.FromMinutes(5));
        using var served = new ServedCapsule(server, new HttpClient { BaseAddress = new Uri(serving["Serving triggered on ".Length..]) });
        using var client = await ConnectionMultiplexer.ConnectAsync(_redis.Url[8..]);
        await WaitForSubscriber(client, "jobs");

        WriteApp(app, "web2");
        served.Server.Signal("HUP");
        await served.Server.WaitForLine(l => l.Contains("reload: version 2 serving", StringComparison.Ordinal), Wait);
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/after"));
        await served.Server.WaitForLine(l => l.Contains("GET /after 200", StringComparison.Ordinal) && l.Contains("component=web2", StringComparison.Ordinal), Wait);

        // The trigger still runs, on version 1's component: its compiled code was not released under them.
        await client.GetSubscriber().PublishAsync(RedisChannel.Literal("jobs"), "after-swap");
        await served.Server.WaitForLine(l => l.Contains("[worker] handling after-swap", StringComparison.Ordinal), Wait);
        var waited = Stopwatch.StartNew();
        while ((string?)await client.GetDatabase().ListGetByIndexAsync("done", 0) != "after-swap")
        {
            Assert.True(waited.Elapsed < Wait, "the message after the swap was not handled");
            await Task.Delay(50);
        }

        served.Server.Signal("TERM");
        Assert.Equal(0, await served.Server.WaitForExit(TimeSpan.FromSeconds(30)));
        var lines = await served.Server.RemainingLines();
        Assert.DoesNotContain(lines, l => l.Contains("fail:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("redis worker-redis-trigger stopped after 1 messages (0 failed)", StringComparison.Ordinal));
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
