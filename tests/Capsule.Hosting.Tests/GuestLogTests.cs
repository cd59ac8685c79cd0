using System.Net;
using Capsule.Hosting.Http;

namespace Capsule.Hosting.Tests;

/// <summary>What one request's guest writes to stdout and stderr is bounded in the server log, the excess counted.</summary>
public sealed class GuestLogTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static readonly string Manifest = TestManifests.SingleComponent("spammer", "probe-js.component.wasm");

    [Fact]
    public async Task Output_past_the_limit_is_dropped_with_one_note_and_the_request_succeeds()
    {
        await using var app = await TestApp.Start(hosting, Manifest);

        // 20,000 lines of 1 KiB, stdout and stderr in turn: 19.5 MiB of output.
        using var response = await app.Client.GetAsync("/?do=spam&lines=20000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("wrote 20000 lines\n", await response.Content.ReadAsStringAsync());

        var note = await app.Logs.WaitFor(l => l.Contains("of guest output dropped", StringComparison.Ordinal));
        var logged = app.Logs.Lines.Where(l => l.Contains("[spammer] x", StringComparison.Ordinal)).ToList();
        var defaults = new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.True(logged.Sum(l => (long)l.Length) <= defaults.GuestLogBytesPerRequest + (logged.Count * 64), $"{logged.Count} lines logged");
        Assert.True(logged.Count <= defaults.GuestLogLinesPerRequest);
        Assert.InRange(logged.Count, 60, 64);
        Assert.Equal("Warning: component spammer: 19.5 MiB of guest output dropped (19936 lines; limit 64 KiB or 1000 lines per request)", note);
    }

    [Fact]
    public async Task Many_short_lines_are_bounded_by_the_line_limit()
    {
        await using var app = await TestApp.Start(hosting, Manifest, new ServerOptions(new IPEndPoint(IPAddress.Loopback, 0)) { GuestLogLinesPerRequest = 10 });

        using var response = await app.Client.GetAsync("/?do=spam&lines=50");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var note = await app.Logs.WaitFor(l => l.Contains("of guest output dropped", StringComparison.Ordinal));
        Assert.Equal(10, app.Logs.Lines.Count(l => l.Contains("[spammer] x", StringComparison.Ordinal)));
        Assert.Equal("Warning: component spammer: 40 KiB of guest output dropped (40 lines; limit 64 KiB or 10 lines per request)", note);
    }
}
