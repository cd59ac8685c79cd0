using System.Net;

namespace Capsule.Hosting.Tests;

/// <summary>A trapping, a looping and a memory-hungry component fail only their own requests.</summary>
public sealed class FailureIsolationTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static readonly string Manifest = $$"""
        [application]
        name = "mixed"

        [[trigger.http]]
        route = "/trap"
        component = "trap"

        [[trigger.http]]
        route = "/loop"
        component = "loop"

        [[trigger.http]]
        route = "/bomb"
        component = "bomb"

        [[trigger.http]]
        route = "/..."
        component = "healthy"

        [component.trap]
        {{TestManifests.Source("http-trap.wasm")}}

        [component.loop]
        {{TestManifests.Source("http-loop.wasm")}}
        limits = { timeout = "500ms" }

        [component.bomb]
        {{TestManifests.Source("http-membomb.wasm")}}
        limits = { memory = "32MiB" }

        [component.healthy]
        {{TestManifests.Source("hello-js.component.wasm")}}
        """;

    [Fact]
    public async Task Failures_stay_in_their_own_requests_while_healthy_ones_succeed()
    {
        await using var app = await TestApp.Start(hosting, Manifest);
        var failing = new[] { "/trap", "/loop", "/bomb" }.SelectMany(path => Enumerable.Repeat(path, 3)).Select(path => app.Client.GetAsync(path)).ToList();
        var healthy = Enumerable.Range(0, 20).Select(i => app.Client.GetAsync($"/ok/{i}")).ToList();

        var healthyResponses = await Task.WhenAll(healthy);
        var failingResponses = await Task.WhenAll(failing);

        for (var i = 0; i < healthyResponses.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, healthyResponses[i].StatusCode);
            Assert.Equal($"hello from js: GET /ok/{i}\n", await healthyResponses[i].Content.ReadAsStringAsync());
        }
        Assert.All(failingResponses.Take(3), r => Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode));
        Assert.All(failingResponses.Skip(3).Take(3), r => Assert.Equal(HttpStatusCode.GatewayTimeout, r.StatusCode));
        Assert.All(failingResponses.Skip(6), r => Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode));
        Assert.Equal("Internal Server Error\n", await failingResponses[0].Content.ReadAsStringAsync());

        await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=trap route=/trap cause=trap: unreachable", StringComparison.Ordinal));
        await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=loop route=/loop cause=timeout after 500ms", StringComparison.Ordinal));
        await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=bomb route=/bomb cause=trap: unreachable", StringComparison.Ordinal));

        // And the host still serves afterwards.
        var after = await app.Client.GetAsync("/still-here");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Guest_that_returns_without_a_response_is_a_500()
    {
        var manifest = TestManifests.SingleComponent("silent", "http-noresponse.wasm");
        await using var app = await TestApp.Start(hosting, manifest);
        var response = await app.Client.GetAsync("/anything");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=silent route=/... cause=no response", StringComparison.Ordinal));
    }

    /// <summary>
    /// A body longer than the content-length the guest declared breaks HTTP's
    /// framing: Kestrel refuses the write before anything is sent, so the
    /// client gets a plain 500 and the log says why.
    /// </summary>
    [Fact]
    public async Task Body_longer_than_its_content_length_is_a_500_with_the_cause_logged()
    {
        await using var app = await TestApp.Start(hosting, TestManifests.SingleComponent("probe", "probe-js.component.wasm"));
        using var response = await app.Client.GetAsync("/?do=status&code=200&h=content-length:3");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Internal Server Error\n", await response.Content.ReadAsStringAsync());
        await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=probe route=/... cause=bad response body", StringComparison.Ordinal)
            && l.EndsWith("Response Content-Length mismatch: too many bytes written (11 of 3).", StringComparison.Ordinal));
    }

    /// <summary>
    /// A body shorter than its content-length is only known once the status is
    /// out: the connection is cut so the client cannot take it for whole.
    /// </summary>
    [Fact]
    public async Task Body_shorter_than_its_content_length_cuts_the_connection()
    {
        await using var app = await TestApp.Start(hosting, TestManifests.SingleComponent("probe", "probe-js.component.wasm"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => app.Client.GetStringAsync("/?do=status&code=200&h=content-length:30"));
        await app.Logs.WaitFor(l => l.StartsWith("Error: request failed: component=probe route=/... cause=bad response body", StringComparison.Ordinal)
            && l.EndsWith("Response Content-Length mismatch: too few bytes written (11 of 30).", StringComparison.Ordinal));
        using var healthy = await app.Client.GetAsync("/?do=status&code=201");
        Assert.Equal(HttpStatusCode.Created, healthy.StatusCode);
    }
}
