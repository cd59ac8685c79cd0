using System.Net;
using System.Text.Json;
using Capsule.Hosting.Http;

namespace Capsule.Hosting.Tests;

/// <summary>
/// Opt-in instance reuse (instance_reuse in capsule.toml), served by real Kestrel:
/// counter-js keeps a request count and an instance id in globals, so each
/// answer says which instance served it and how many requests that instance saw.
/// </summary>
public sealed class InstanceReuseTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static string Manifest(string reuse, string limits = "") => $$"""
        [application]
        name = "reuse"

        [[trigger.http]]
        route = "/warm/..."
        component = "warm"

        [[trigger.http]]
        route = "/fresh/..."
        component = "fresh"

        [component.warm]
        {{TestManifests.Source("counter-js.component.wasm")}}
        instance_reuse = {{reuse}}
        {{limits}}

        [component.fresh]
        {{TestManifests.Source("counter-js.component.wasm")}}
        """;

    private sealed record Answer(string Instance, int Count, bool Overlapped = false);

    private static async Task<Answer> Get(TestApp app, string path)
    {
        var response = await app.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<Answer>(text, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static async Task<List<Answer>> GetInTurn(TestApp app, string path, int count)
    {
        var answers = new List<Answer>();
        for (var i = 0; i < count; i++)
        {
            answers.Add(await Get(app, path));
        }
        return answers;
    }

    [Fact]
    public async Task A_global_counter_survives_across_requests_with_reuse_and_not_without()
    {
        await using var app = await TestApp.Start(hosting, Manifest("true"));

        var warm = await GetInTurn(app, "/warm/", 5);
        var fresh = await GetInTurn(app, "/fresh/", 5);

        Assert.Equal([1, 2, 3, 4, 5], warm.Select(a => a.Count));
        Assert.Single(warm.Select(a => a.Instance).Distinct());
        Assert.All(fresh, a => Assert.Equal(1, a.Count));
        Assert.Equal(5, fresh.Select(a => a.Instance).Distinct().Count());
    }

    [Theory]
    [InlineData("throw")] // a trap
    [InlineData("stale")] // the previous request's handle is gone: using it traps
    public async Task A_failed_request_drops_its_instance_and_the_next_gets_a_fresh_one(string failure)
    {
        await using var app = await TestApp.Start(hosting, Manifest("true"));
        var before = await GetInTurn(app, "/warm/", 2);

        var failed = await app.Client.GetAsync($"/warm/?do={failure}");
        var after = await GetInTurn(app, "/warm/", 2);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal([1, 2], before.Select(a => a.Count));
        Assert.Equal([1, 2], after.Select(a => a.Count));
        Assert.NotEqual(before[0].Instance, after[0].Instance);
        Assert.Equal(after[0].Instance, after[1].Instance);
    }

    [Fact]
    public async Task An_instance_serves_at_most_max_requests()
    {
        await using var app = await TestApp.Start(hosting, Manifest("{ max_requests = 3 }"));

        var answers = await GetInTurn(app, "/warm/", 7);

        Assert.Equal([1, 2, 3, 1, 2, 3, 1], answers.Select(a => a.Count));
        Assert.Equal(3, answers.Select(a => a.Instance).Distinct().Count());
    }

    [Fact]
    public async Task An_instance_idle_longer_than_idle_timeout_is_dropped()
    {
        await using var app = await TestApp.Start(hosting, Manifest("{ idle_timeout = \"300ms\" }"));

        var first = await GetInTurn(app, "/warm/", 2);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var later = await Get(app, "/warm/");

        Assert.Equal([1, 2], first.Select(a => a.Count));
        Assert.Equal(1, later.Count);
        Assert.NotEqual(first[0].Instance, later.Instance);
    }

    [Fact]
    public async Task Concurrent_requests_never_share_an_instance()
    {
        await using var app = await TestApp.Start(hosting, Manifest("{ max_requests = 10000 }"));

        // Each request waits 100 ms on a host timer inside its instance, its "in use" flag set.
        var answers = new List<Answer>();
        for (var wave = 0; wave < 4; wave++)
        {
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Get(app, "/warm/?do=busy&ms=100"))));
        }

        Assert.DoesNotContain(answers, a => a.Overlapped);
        foreach (var instance in answers.GroupBy(a => a.Instance))
        {
            // One request at a time: every count an instance gave is its own.
            Assert.Equal(instance.Count(), instance.Select(a => a.Count).Distinct().Count());
        }
        Assert.True(answers.Select(a => a.Instance).Distinct().Count() > 1, "concurrent requests ran on more than one instance");
        Assert.True(answers.Max(a => a.Count) > 1, "instances were reused across waves");
    }

    [Fact]
    public async Task A_timeout_is_still_a_504_and_the_next_request_gets_a_fresh_instance_under_load()
    {
        await using var app = await TestApp.Start(hosting, Manifest("true", "limits = { timeout = \"1s\" }"));
        var before = await GetInTurn(app, "/warm/", 2);

        HttpResponseMessage timedOut;
        TimeSpan elapsed;
        using (new CpuBurners())
        {
            // Timed inside the burners' scope: stopping them is not the request's time.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            timedOut = await app.Client.GetAsync("/warm/?do=loop");
            elapsed = clock.Elapsed;
        }
        var after = await GetInTurn(app, "/warm/", 2);

        Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the 1s limit took {elapsed}");
        Assert.Equal([1, 2], after.Select(a => a.Count));
        Assert.NotEqual(before[0].Instance, after[0].Instance);
    }

    [Fact]
    public async Task The_timeout_counts_per_request_not_per_instance()
    {
        await using var app = await TestApp.Start(hosting, Manifest("true", "limits = { timeout = \"2s\" }"));

        // Six requests of 700 ms each: 4.2 s in one instance, each inside its own 2 s.
        // The margin (1.3 s) covers the first request's instantiation on a loaded CI
        // machine: with 400 ms in 1 s, a slow start once ran past the limit.
        var answers = await GetInTurn(app, "/warm/?do=busy&ms=700", 6);

        Assert.Equal([1, 2, 3, 4, 5, 6], answers.Select(a => a.Count));
    }

    [Fact]
    public async Task The_memory_limit_holds_and_a_guest_that_reaches_it_is_replaced()
    {
        await using var app = await TestApp.Start(hosting, Manifest("true", "limits = { memory = \"48MiB\" }"));
        var before = await GetInTurn(app, "/warm/", 2);

        var grown = await app.Client.GetAsync("/warm/?do=grow");
        var after = await GetInTurn(app, "/warm/", 2);

        Assert.Equal(HttpStatusCode.InternalServerError, grown.StatusCode);
        await app.Logs.WaitFor(l => l.Contains("component=warm", StringComparison.Ordinal) && l.Contains("cause=trap", StringComparison.Ordinal));
        Assert.Equal([1, 2], after.Select(a => a.Count));
        Assert.NotEqual(before[0].Instance, after[0].Instance);
    }

    [Fact]
    public async Task Guest_output_and_its_budget_belong_to_each_request()
    {
        var options = new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0)) { GuestLogLinesPerRequest = 10 };
        await using var app = await TestApp.Start(hosting, Manifest("true"), options);

        var first = await Get(app, "/warm/?do=log&lines=50");
        var second = await Get(app, "/warm/?do=log&lines=3");

        Assert.Equal(first.Instance, second.Instance);
        await app.Logs.WaitFor(l => l.Contains("[warm] log 3 of request 2", StringComparison.Ordinal));
        var note = await app.Logs.WaitFor(l => l.Contains("of guest output dropped", StringComparison.Ordinal));
        Assert.Equal(10, app.Logs.Lines.Count(l => l.Contains("of request 1", StringComparison.Ordinal)));
        Assert.Equal(3, app.Logs.Lines.Count(l => l.Contains("of request 2", StringComparison.Ordinal)));
        Assert.Contains("(40 lines; limit", note, StringComparison.Ordinal);
        Assert.Single(app.Logs.Lines, l => l.Contains("of guest output dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Headers_kept_by_the_guest_stay_those_of_their_own_request()
    {
        await using var app = await TestApp.Start(hosting, Manifest("true"));

        // One connection: Kestrel recycles the first request's context for the second.
        using var keep = new HttpRequestMessage(HttpMethod.Get, "/warm/?do=keep-headers");
        keep.Headers.Add("x-probe", "first");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(keep)).StatusCode);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/warm/?do=kept-headers");
        read.Headers.Add("x-probe", "second");
        var response = await app.Client.SendAsync(read);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("first", JsonDocument.Parse(text).RootElement.GetProperty("probe").GetString());
    }

    [Fact]
    public async Task A_fetch_event_guest_that_cannot_serve_twice_turns_reuse_off_after_one_failure()
    {
        var manifest = TestManifests.SingleComponent("hello", "hello-js.component.wasm") + "\ninstance_reuse = true\n";
        await using var app = await TestApp.Start(hosting, manifest);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await app.Client.GetAsync($"/hello/{i}")).StatusCode);
        }

        // The second request meets componentize-js's spent FetchEvent; from then on, one instance per request.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.InternalServerError, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        await app.Logs.WaitFor(l => l.Contains("component hello: an instance serving its second request or later returned without a response; instance reuse is off", StringComparison.Ordinal));
    }
}
