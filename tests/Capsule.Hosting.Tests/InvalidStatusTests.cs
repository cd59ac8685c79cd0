using System.Net;

namespace Capsule.Hosting.Tests;

/// <summary>
/// A guest's status that cannot end an HTTP exchange is refused, not sent (issue 20,
/// item 17): a 1xx is informational (RFC 9110 15.2), and 204/304 never carry a body
/// (RFC 9110 6.4.1). The client gets 500 and the log one failure line naming the cause;
/// the same statuses used correctly pass. The WAT guest answers the status its path names
/// ("/204"), with a body when the path goes on ("/204b").
/// </summary>
public sealed class InvalidStatusTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static readonly string Manifest = TestManifests.SingleComponent("status", "http-status.wasm");

    [Theory]
    [InlineData("/100", "status 100 is informational, not a final response")]
    [InlineData("/101b", "status 101 is informational, not a final response")]
    [InlineData("/204b", "status 204 must not have a body (the guest wrote one)")]
    [InlineData("/304b", "status 304 must not have a body (the guest wrote one)")]
    public async Task Invalid_final_status_is_500_with_a_failure_line_naming_it(string path, string cause)
    {
        await using var app = await TestApp.Start(hosting, Manifest);

        using var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Internal Server Error\n", await response.Content.ReadAsStringAsync());
        var line = await app.Logs.WaitFor(l => l.Contains("request failed: component=status", StringComparison.Ordinal));
        Assert.Contains($"cause=invalid response: {cause}", line, StringComparison.Ordinal);
        // The connection stays usable: the next request on it is answered.
        Assert.Equal("body from wat\n", await app.Client.GetStringAsync("/200b"));
    }

    [Theory]
    [InlineData("/204", HttpStatusCode.NoContent)]
    [InlineData("/304", HttpStatusCode.NotModified)]
    [InlineData("/404b", HttpStatusCode.NotFound)]
    public async Task Valid_statuses_pass_unchanged(string path, HttpStatusCode expected)
    {
        await using var app = await TestApp.Start(hosting, Manifest);

        using var response = await app.Client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("request failed", StringComparison.Ordinal));
    }
}
