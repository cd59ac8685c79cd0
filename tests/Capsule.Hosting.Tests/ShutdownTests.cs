using System.Net;
using Capsule.Hosting.Http;

namespace Capsule.Hosting.Tests;

/// <summary>Graceful shutdown: a request its guest cannot finish in time still gets an answer, and the log says why.</summary>
public sealed class ShutdownTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    [Fact]
    public async Task A_guest_still_running_at_the_end_of_the_grace_period_answers_503_logged_as_shutdown()
    {
        // It was cut by Kestrel's abort at the deadline, logged as "cancelled (client disconnected)".
        var manifest = TestManifests.SingleComponent("sleepy", "probe-js.component.wasm") + "\nlimits = { timeout = \"60s\" }\n";
        var options = new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0)) { ShutdownTimeout = TimeSpan.FromSeconds(5) };
        await using var app = await TestApp.Start(hosting, manifest, options);
        using (var warm = await app.Client.GetAsync("/?do=status&code=201"))
        {
            Assert.Equal(HttpStatusCode.Created, warm.StatusCode);
        }
        var sleeping = app.Client.GetAsync("/?do=sleep&ms=30000");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the request reaches its guest (on the connection already open)

        await app.StopAsync();

        using var response = await sleeping;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Error: request failed: component=sleepy route=/... cause=cancelled (shutdown)", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("client disconnected", StringComparison.Ordinal));
    }
}
