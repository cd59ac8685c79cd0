using System.Net;
using StackExchange.Redis;

namespace Capsule.Hosting.Tests;

/// <summary>
/// <c>fermyon:spin/redis@2.0.0</c> from a real componentize-js guest (tests/guests/js/redis, served over
/// wasi:http: GET /OP?address=…) against a real redis-server: what <c>allowed_outbound_hosts</c> lets
/// a component open, and each operation's round trip and errors.
/// </summary>
public sealed class OutboundRedisTests(HostingFixture hosting) : IClassFixture<HostingFixture>, IDisposable
{
    private readonly RedisServer _redis = new();

    public void Dispose() => _redis.Dispose();

    private Task<TestApp> Start(string allowed) => TestApp.Start(hosting,
        TestManifests.SingleComponent("r", "redis-js.component.wasm") + $"\nallowed_outbound_hosts = [{allowed}]\n");

    private async Task<(HttpStatusCode Status, string Body)> Call(TestApp app, string op, string query = "", string? address = null)
    {
        using var response = await app.Client.GetAsync($"/{op}?address={Uri.EscapeDataString(address ?? _redis.Url)}{query}");
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd('\n'));
    }

    [Fact]
    public async Task Only_addresses_allowed_outbound_hosts_lists_can_be_opened()
    {
        await using var app = await Start($"\"redis://127.0.0.1:{_redis.Port}\"");

        Assert.Equal((HttpStatusCode.OK, "ok"), await Call(app, "open"));
        Assert.Equal((HttpStatusCode.OK, "ok"), await Call(app, "open", address: $"redis://127.0.0.1:{_redis.Port}/3"));
        Assert.Equal((HttpStatusCode.InternalServerError, "error: invalid-address"), await Call(app, "open", address: $"redis://127.0.0.1:{_redis.Port + 1}"));
        Assert.Equal((HttpStatusCode.InternalServerError, "error: invalid-address"), await Call(app, "open", address: $"redis://localhost:{_redis.Port}"));
        Assert.Equal((HttpStatusCode.InternalServerError, "error: invalid-address"), await Call(app, "open", address: $"rediss://127.0.0.1:{_redis.Port}"));
        Assert.Equal((HttpStatusCode.InternalServerError, "error: invalid-address"), await Call(app, "open", address: $"http://127.0.0.1:{_redis.Port}"));
        Assert.Equal((HttpStatusCode.InternalServerError, "error: invalid-address"), await Call(app, "open", address: "not a url"));
    }

    [Fact]
    public async Task A_component_without_allowed_hosts_opens_nothing()
    {
        await using var app = await TestApp.Start(hosting, TestManifests.SingleComponent("r", "redis-js.component.wasm"));

        Assert.Equal((HttpStatusCode.InternalServerError, "error: invalid-address"), await Call(app, "open"));
    }

    [Fact]
    public async Task Every_operation_round_trips_through_a_real_server()
    {
        await using var app = await Start($"\"redis://127.0.0.1:{_redis.Port}\"");
        using var client = await ConnectionMultiplexer.ConnectAsync(_redis.Url[8..]);
        var db = client.GetDatabase();

        Assert.Equal("ok", (await Call(app, "set", "&key=greeting&value=h%C3%A9llo")).Body);
        Assert.Equal("héllo", (string?)await db.StringGetAsync("greeting"));
        Assert.Equal("héllo", (await Call(app, "get", "&key=greeting")).Body);
        Assert.Equal("(none)", (await Call(app, "get", "&key=missing")).Body);
        Assert.Equal("1", (await Call(app, "incr", "&key=n")).Body);
        Assert.Equal("2", (await Call(app, "incr", "&key=n")).Body);
        Assert.Equal("3", (await Call(app, "sadd", "&key=s&values=x,y,z")).Body);
        Assert.Equal("0", (await Call(app, "sadd", "&key=s&values=x")).Body);
        Assert.Equal("1", (await Call(app, "srem", "&key=s&values=y,w")).Body);
        Assert.Equal("[\"x\",\"z\"]", (await Call(app, "smembers", "&key=s")).Body);
        Assert.Equal("2", (await Call(app, "del", "&keys=greeting,n,missing")).Body);
        Assert.False(await db.KeyExistsAsync("greeting"));

        var received = new TaskCompletionSource<string>();
        await client.GetSubscriber().SubscribeAsync(RedisChannel.Literal("news"), (_, value) => received.TrySetResult((string)value!));
        Assert.Equal("ok", (await Call(app, "publish", "&channel=news&value=extra")).Body);
        Assert.Equal("extra", await received.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("[[\"int64\",\"2\"]]", (await Call(app, "execute", Args("HSET", ["binary", "h"], ["binary", "f"], ["binary", "v"], ["binary", "g"], ["int64", "7"]))).Body);
        Assert.Equal("[[\"binary\",\"f\"],[\"binary\",\"v\"],[\"binary\",\"g\"],[\"binary\",\"7\"]]", (await Call(app, "execute", Args("HGETALL", ["binary", "h"]))).Body);
        Assert.Equal("[[\"status\",\"PONG\"]]", (await Call(app, "execute", Args("PING"))).Body);
        Assert.Equal("[[\"nil\"]]", (await Call(app, "execute", Args("GET", ["binary", "missing"]))).Body);
    }

    [Fact]
    public async Task Errors_are_the_interface_s_cases()
    {
        await using var app = await Start($"\"redis://127.0.0.1:{_redis.Port}\"");
        using var client = await ConnectionMultiplexer.ConnectAsync(_redis.Url[8..]);
        await client.GetDatabase().StringSetAsync("text", "abc");

        Assert.Equal((HttpStatusCode.InternalServerError, "error: type-error"), await Call(app, "incr", "&key=text"));
        Assert.Equal((HttpStatusCode.InternalServerError, "error: type-error"), await Call(app, "sadd", "&key=text&values=x"));
        Assert.Equal((HttpStatusCode.InternalServerError, "error: type-error"), await Call(app, "smembers", "&key=text"));
        Assert.StartsWith("error: other: redis: ERR unknown command", (await Call(app, "execute", Args("NOSUCHCOMMAND"))).Body, StringComparison.Ordinal);
        Assert.Equal("error: other: BLPOP is not available to guests (it would block or take over the connection the host shares)",
            (await Call(app, "execute", Args("blpop", ["binary", "q"], ["int64", "0"]))).Body);
    }

    [Fact]
    public async Task A_server_that_is_down_is_an_error_and_the_host_keeps_serving()
    {
        await using var app = await Start("\"redis://127.0.0.1:*\"");
        var down = new RedisServer();
        var address = down.Url;
        down.Dispose();

        var (status, body) = await Call(app, "open", address: address);

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.StartsWith($"error: other: redis at 127.0.0.1:{address[(address.LastIndexOf(':') + 1)..]} is unreachable", body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "1"), await Call(app, "incr", "&key=n"));
    }

    private static string Args(string command, params string[][] args) =>
        $"&command={command}&args={Uri.EscapeDataString(System.Text.Json.JsonSerializer.Serialize(args))}";
}
