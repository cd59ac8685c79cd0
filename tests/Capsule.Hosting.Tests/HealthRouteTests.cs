using System.Net;

namespace Capsule.Hosting.Tests;

/// <summary>
/// Spin's reserved <c>/.well-known/spin/</c> routes belong to the host, even under
/// an app route that matches everything: health is the readiness signal a
/// Kubernetes probe reads.
/// </summary>
public sealed class HealthRouteTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    [Fact]
    public async Task Health_answers_200_OK_before_the_apps_catch_all_route()
    {
        var manifest = TestManifests.SingleComponent("hello", "hello-js.component.wasm");
        await using var app = await TestApp.Start(hosting, manifest);

        using var health = await app.Client.GetAsync("/.well-known/spin/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("OK\n", await health.Content.ReadAsStringAsync());

        // Other reserved paths are 404, as in Spin; the guest sees none of them.
        using var other = await app.Client.GetAsync("/.well-known/spin/other");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);

        // Next to it, the app's own routes still reach the guest.
        Assert.Equal("hello from js: GET /.well-known/x\n", await app.Client.GetStringAsync("/.well-known/x"));
        await app.Logs.WaitFor(l => l.StartsWith("Information: GET /.well-known/spin/health 200 ", StringComparison.Ordinal) && l.EndsWith("component=-", StringComparison.Ordinal));
    }
}
