using Capsule.Plugins.Extism;
using Capsule.Plugins.Failures;

namespace Capsule.Plugins.Tests.Extism;

/// <summary><c>http_request</c> reaches only the manifest's allowed hosts, within its response limit.</summary>
public sealed class ExtismHttpTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private ExtismPlugin Kitchen(ExtismManifest manifest) =>
        ExtismPlugin.Load(fixture.Engine, Guests.Get("extism-kitchen.wasm"), manifest, new ExtismPluginOptions { Wasi = true });

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.*")]
    [InlineData("127.?.0.1")]
    public void An_allowed_host_answers(string pattern)
    {
        using var server = new LoopbackHttpServer("hello from the host");
        using var plugin = Kitchen(new ExtismManifest { AllowedHosts = [pattern] });
        Assert.Equal("200 hello from the host", plugin.Call("http_get", $"http://127.0.0.1:{server.Port}/x"));
    }

    [Fact]
    public void Without_allowed_hosts_a_request_fails_its_call_and_never_connects()
    {
        using var server = new LoopbackHttpServer("secret");
        using var plugin = Kitchen(new ExtismManifest { AllowedHosts = ["example.com"] });
        var e = Assert.Throws<PluginTrapException>(() => plugin.Call("http_get", $"http://127.0.0.1:{server.Port}/"));
        Assert.Contains($"HTTP request to http://127.0.0.1:{server.Port}/ is not allowed", e.Cause);
        Assert.Equal(0, server.Connections);
        Assert.Equal("Hello, Zach", plugin.Call("greet", "Zach"));
    }

    [Fact]
    public void A_response_over_max_http_response_bytes_fails_the_call()
    {
        using var server = new LoopbackHttpServer(new string('x', 5000));
        using var plugin = Kitchen(new ExtismManifest { AllowedHosts = ["127.0.0.1"], Memory = new ExtismMemoryLimits { MaxHttpResponseBytes = 1000 } });
        var e = Assert.Throws<PluginTrapException>(() => plugin.Call("http_get", $"http://127.0.0.1:{server.Port}/"));
        Assert.Contains("exceeds the configured maximum number of bytes: 1000", e.Cause);
    }

    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("*.example.com", "api.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("EXAMPLE.com", "example.COM", true)]
    [InlineData("exam?le.com", "example.com", true)]
    [InlineData("example.com", "example.com.evil.org", false)]
    [InlineData("*", "anything.at.all", true)]
    public void Host_patterns_are_Extism_globs(string pattern, string host, bool matches) =>
        Assert.Equal(matches, HostGlob.Matches(pattern, host));
}
