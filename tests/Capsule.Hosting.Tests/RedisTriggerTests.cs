using System.Diagnostics;
using Capsule.Hosting.Manifest;
using Capsule.Hosting.Redis;
using Capsule.Runtime.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Capsule.Hosting.Tests;

/// <summary>
/// Spin's Redis trigger (<c>[[trigger.redis]]</c>, <c>fermyon:spin/inbound-redis</c>) against a real
/// redis-server, with a real componentize-js handler (tests/guests/js/redis) that appends each
/// message to a Redis list through outbound Redis, so the list is what ran, in the order it ran.
/// </summary>
public sealed class RedisTriggerTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private const string LogKey = "handled";

    private static string Manifest(RedisServer redis, params (string Component, string Channel)[] triggers) => $"""
        spin_manifest_version = 2

        [application]
        name = "redis-trigger"

        [application.trigger.redis]
        address = "{redis.Url}"

        {string.Concat(triggers.Select(t => $"[[trigger.redis]]\nchannel = \"{t.Channel}\"\ncomponent = \"{t.Component}\"\n\n"))}
        {string.Concat(triggers.Select(t => t.Component).Distinct().Select(c => Component(c, redis)))}
        """;

    private static string Component(string id, RedisServer redis) => $$"""
        [component.{{id}}]
        {{TestManifests.Source("redis-js.component.wasm")}}
        allowed_outbound_hosts = ["redis://127.0.0.1:{{redis.Port}}"]
        environment = { REDIS_ADDRESS = "{{redis.Url}}", REDIS_LOG_KEY = "{{LogKey}}" }

        """;

    /// <summary>
    /// 1,000 messages on two channels, published as fast as the client can: each is handled exactly
    /// once (the list holds each once, nothing more arrives later) and each channel's in the order published.
    /// </summary>
    [Fact]
    public async Task A_thousand_messages_on_two_channels_each_reach_their_handler_once_in_order()
    {
        using var redis = new RedisServer();
        await using var app = await TestApp.Start(hosting, Manifest(redis, ("left", "a"), ("right", "b")));
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.Url[8..]);
        await WaitForSubscribers(client, "a", "b");

        var publisher = client.GetSubscriber();
        for (var i = 0; i < 500; i++)
        {
            await publisher.PublishAsync(RedisChannel.Literal("a"), $"a:{i}");
            await publisher.PublishAsync(RedisChannel.Literal("b"), $"b:{i}");
        }
        var handled = await WaitForList(client, 1000, TimeSpan.FromMinutes(4));
        await Task.Delay(1000);

        Assert.Equal(1000, await client.GetDatabase().ListLengthAsync(LogKey));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"a:{i}"), handled.Where(m => m.StartsWith("a:", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"b:{i}"), handled.Where(m => m.StartsWith("b:", StringComparison.Ordinal)));
        var service = app.Services.GetRequiredService<RedisTriggerService>();
        Assert.All(service.Subscriptions, s => Assert.Equal((500, 0), (s.Handled, s.Failed)));
    }

    /// <summary>
    /// A channel flooded while its handler is busy: what waits for the handler is bounded
    /// (<see cref="RedisTriggerService.MaxWaitingBytes"/>: 64 one-MiB messages do not fit), the rest is
    /// dropped, counted and logged, and what was kept is handled, in order.
    /// </summary>
    [Fact]
    public async Task A_flood_beyond_what_a_channel_keeps_waiting_is_dropped_counted_and_logged()
    {
        const int published = 80;
        using var redis = new RedisServer();
        await using var app = await TestApp.Start(hosting, Manifest(redis, ("left", "a")));
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.Url[8..]);
        await WaitForSubscribers(client, "a");
        var publisher = client.GetSubscriber();
        await publisher.PublishAsync(RedisChannel.Literal("a"), "sleep:4000");
        await app.Logs.WaitFor(l => l.Contains("[left] handling sleep:4000", StringComparison.Ordinal), TimeSpan.FromMinutes(1));

        var padding = new string('x', 1 << 20);
        for (var i = 0; i < published; i++)
        {
            await publisher.PublishAsync(RedisChannel.Literal("a"), $"a:{i}:{padding}");
        }
        var subscription = app.Services.GetRequiredService<RedisTriggerService>().Subscriptions[0];
        var deadline = Stopwatch.StartNew();
        while (subscription.Handled + subscription.Dropped < published + 1)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), $"{subscription.Handled} handled, {subscription.Dropped} dropped of {published + 1}");
            await Task.Delay(100);
        }
        var handled = await WaitForList(client, (int)(published + 1 - subscription.Dropped), TimeSpan.FromMinutes(2));

        Assert.InRange(subscription.Dropped, published - 64, published - 1);
        var kept = handled.Skip(1).Select(m => int.Parse(m.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(kept.Order(), kept);
        Assert.Equal(published - subscription.Dropped, kept.Count);
        Assert.Contains(app.Logs.Lines, l => l.Contains("redis left-redis-trigger: a message on \"a\" was dropped: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restarted_redis_server_is_subscribed_to_again()
    {
        using var redis = new RedisServer();
        await using var app = await TestApp.Start(hosting, Manifest(redis, ("left", "a")));
        using (var client = await ConnectionMultiplexer.ConnectAsync(redis.Url[8..]))
        {
            await WaitForSubscribers(client, "a");
            await client.GetSubscriber().PublishAsync(RedisChannel.Literal("a"), "before");
            Assert.Equal(["before"], await WaitForList(client, 1, TimeSpan.FromMinutes(1)));
        }

        redis.Kill();
        redis.Start();

        using var again = await ConnectionMultiplexer.ConnectAsync(redis.Url[8..]);
        await WaitForSubscribers(again, "a");
        for (var i = 0; i < 20; i++)
        {
            await again.GetSubscriber().PublishAsync(RedisChannel.Literal("a"), $"after:{i}");
        }
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"after:{i}"), await WaitForList(again, 20, TimeSpan.FromMinutes(1)));
        Assert.Contains(app.Logs.Lines, l => l.Contains("redis trigger: lost the connection to redis://127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Contains("redis trigger: connected again to redis://127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_handler_that_traps_or_fails_is_logged_and_counted_and_the_next_message_runs()
    {
        using var redis = new RedisServer();
        await using var app = await TestApp.Start(hosting, Manifest(redis, ("left", "a")));
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.Url[8..]);
        await WaitForSubscribers(client, "a");

        foreach (var message in new[] { "trap", "a:0", "fail", "a:1" })
        {
            await client.GetSubscriber().PublishAsync(RedisChannel.Literal("a"), message);
        }

        Assert.Equal(["a:0", "a:1"], await WaitForList(client, 2, TimeSpan.FromMinutes(1)));
        var subscription = app.Services.GetRequiredService<RedisTriggerService>().Subscriptions[0];
        Assert.Equal((4, 2), (subscription.Handled, subscription.Failed));
        Assert.Contains(app.Logs.Lines, l => l.Contains("redis left-redis-trigger failed: component=left channel=\"a\" cause=trap: ", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Contains("cause=the handler returned an error (error)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_lets_the_message_in_flight_finish()
    {
        using var redis = new RedisServer();
        var app = await TestApp.Start(hosting, Manifest(redis, ("left", "a")));
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.Url[8..]);
        await WaitForSubscribers(client, "a");

        await client.GetSubscriber().PublishAsync(RedisChannel.Literal("a"), "sleep:1500");
        await app.Logs.WaitFor(l => l.Contains("[left] handling sleep:1500", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        await app.DisposeAsync();

        Assert.Equal(["sleep:1500"], await client.GetDatabase().ListRangeAsync(LogKey).ContinueWith(t => t.Result.Select(v => (string)v!).ToArray()));
        Assert.Contains(app.Logs.Lines, l => l.Contains("redis left-redis-trigger stopped after 1 messages (0 failed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_component_without_the_inbound_redis_export_is_refused_at_start_up()
    {
        using var redis = new RedisServer();
        var manifest = Manifest(redis, ("left", "a")).Replace(TestManifests.Source("redis-js.component.wasm"), TestManifests.Source("http-hello.wasm"), StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<ManifestException>(() => TestApp.Start(hosting, manifest));

        Assert.Contains("component does not export fermyon:spin/inbound-redis", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "channel = \"a\"\ncomponent = \"c\"", "trigger.redis[0]: no Redis address: set [application.trigger.redis] address")]
    [InlineData("[application.trigger.redis]\naddress = \"http://x\"", "channel = \"a\"\ncomponent = \"c\"", "application.trigger.redis.address: not a Redis address: expected a URL like redis://host:6379")]
    [InlineData("[application.trigger.redis]\naddress = \"redis://x\"", "channel = \"a\"\ncomponent = \"c\"\naddress = \"redis://{{ host }}\"", "trigger.redis[0].address: variables in a Redis trigger address are not supported by Capsule yet")]
    [InlineData("[application.trigger.redis]\naddress = \"redis://x\"", "component = \"c\"", "trigger.redis[0].channel: missing (expected a string)")]
    [InlineData("[application.trigger.redis]\naddress = \"redis://x\"", "channel = \"a\"\ncomponent = \"nope\"", "trigger.redis[0].component: no component 'nope'")]
    [InlineData("[application.trigger.redis]\naddress = \"redis://x\"\nport = 1", "channel = \"a\"\ncomponent = \"c\"", "application.trigger.redis.port")]
    public void A_bad_redis_trigger_is_refused_naming_the_key(string application, string trigger, string expected)
    {
        var text = $"""
            spin_manifest_version = 2

            [application]
            name = "bad"
            {application}

            [[trigger.redis]]
            {trigger}

            [component.c]
            source = "{Guests.Get("redis-js.component.wasm")}"
            """;

        var error = Assert.Throws<ManifestException>(() => ManifestLoader.Parse(text, "/tmp/spin.toml", "spin.toml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "", "c-redis-trigger,redis-trigger1")]
    [InlineData("", "id = \"c-redis-trigger\"", "redis-trigger1,c-redis-trigger")]
    [InlineData("id = \"mine\"", "", "mine,c-redis-trigger")]
    public void Trigger_ids_are_generated_as_Spin_generates_them(string first, string second, string expected)
    {
        var text = $"""
            spin_manifest_version = 2

            [application]
            name = "ids"

            [application.trigger.redis]
            address = "redis://127.0.0.1:6379"

            [[trigger.redis]]
            channel = "a"
            component = "c"
            {first}

            [[trigger.redis]]
            channel = "b"
            component = "c"
            {second}

            [component.c]
            source = "{Guests.Get("redis-js.component.wasm")}"
            """;

        var manifest = ManifestLoader.Parse(text, "/tmp/spin.toml", "spin.toml");

        Assert.Equal(expected, string.Join(",", manifest.RedisTriggers.Select(t => t.Id)));
    }

    // PUBSUB NUMSUB: the trigger's subscriptions are in place on the server.
    private static async Task WaitForSubscribers(ConnectionMultiplexer client, params string[] channels)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var channel in channels)
        {
            while (true)
            {
                var reply = (RedisResult[])(await client.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel))!;
                if ((long)reply[1] >= 1)
                {
                    break;
                }
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(1), $"nothing subscribed to {channel}");
                await Task.Delay(50);
            }
        }
    }

    private static async Task<string[]> WaitForList(ConnectionMultiplexer client, int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (await client.GetDatabase().ListLengthAsync(LogKey) < count)
        {
            Assert.True(deadline.Elapsed < timeout, $"only {await client.GetDatabase().ListLengthAsync(LogKey)} of {count} messages handled");
            await Task.Delay(100);
        }
        return [.. (await client.GetDatabase().ListRangeAsync(LogKey)).Select(v => (string)v!)];
    }
}
