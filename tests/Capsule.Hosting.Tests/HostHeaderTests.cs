namespace Capsule.Hosting.Tests;

/// <summary>A Host a guest could not parse is refused with 400 before routing, so it never traps a guest.</summary>
public sealed class HostHeaderTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static readonly string Manifest = TestManifests.SingleComponent("probe", "probe-js.component.wasm");

    [Theory]
    [InlineData("localhost:99999")]
    [InlineData("localhost:65536")]
    [InlineData("localhost:x")]
    [InlineData("localhost:")]
    [InlineData("1.2.3.999")]
    [InlineData("[::1")]
    [InlineData("[not-ip]:80")]
    public async Task Invalid_host_is_400_and_no_guest_runs(string host)
    {
        await using var app = await TestApp.Start(hosting, Manifest);
        using var raw = await RawHttp.Connect(app.BaseAddress);
        await raw.TrySend($"GET /?do=headers HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        var response = await raw.ReadAll(TimeSpan.FromSeconds(30));

        // Kestrel itself refuses some (bad characters); Capsule the rest (a port out of range).
        Assert.Equal(400, RawHttp.StatusOf(response));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("component=probe", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("localhost:65535")]
    [InlineData("example.com")]
    [InlineData("my_service:8080")]
    [InlineData("127.0.0.1:1")]
    [InlineData("[::1]:3000")]
    public async Task Valid_host_reaches_the_guest(string host)
    {
        await using var app = await TestApp.Start(hosting, Manifest);
        using var raw = await RawHttp.Connect(app.BaseAddress);
        await raw.TrySend($"GET /?do=headers HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        var response = await raw.ReadAll(TimeSpan.FromSeconds(30));

        Assert.Equal(200, RawHttp.StatusOf(response));
        Assert.Contains($"\"host\":\"{host}\"", response, StringComparison.Ordinal);
    }
}
