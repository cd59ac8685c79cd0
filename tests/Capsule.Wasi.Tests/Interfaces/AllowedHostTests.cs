using Capsule.Runtime.Grants;

namespace Capsule.Wasi.Tests.Interfaces;

public sealed class AllowedHostTests
{
    [Theory]
    [InlineData("https://api.example.com", "https://api.example.com/v1", true)]
    [InlineData("https://api.example.com", "https://api.example.com:443/", true)]
    [InlineData("https://api.example.com", "http://api.example.com/", false)]
    [InlineData("https://api.example.com", "https://api.example.com:8443/", false)]
    [InlineData("https://api.example.com", "https://evil.com/?https://api.example.com", false)]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/x", true)]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8081/x", false)]
    [InlineData("https://*.example.com", "https://a.b.example.com/", true)]
    [InlineData("https://*.example.com", "https://example.com/", false)]
    [InlineData("https://*.example.com", "https://notexample.com/", false)]
    [InlineData("*://*:*", "http://anything.test:1234/", true)]
    [InlineData("http://localhost:*", "http://localhost:3000/", true)]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/x", true)]
    [InlineData("http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]:8080/x", true)]
    [InlineData("http://[0::1]:8080", "http://[::1]:8080/x", true)]
    [InlineData("http://[::1]:8080", "http://[::1]:8081/x", false)]
    [InlineData("http://[::1]:8080", "http://[::2]:8080/x", false)]
    [InlineData("http://[::1]:8080", "http://127.0.0.1:8080/x", false)]
    [InlineData("http://[::1]", "http://[::1]/", true)]
    [InlineData("https://[2001:DB8::1]:*", "https://[2001:db8::1]:9443/", true)]
    [InlineData("http://*:*", "http://[::1]:3000/", true)]
    [InlineData("redis://127.0.0.1:6379", "redis://127.0.0.1:6379", true)]
    [InlineData("redis://127.0.0.1", "redis://127.0.0.1", true)]
    [InlineData("redis://127.0.0.1", "redis://127.0.0.1:6380", false)]
    [InlineData("redis://127.0.0.1:6379", "http://127.0.0.1:6379/", false)]
    [InlineData("http://127.0.0.1:6379", "redis://127.0.0.1:6379", false)]
    [InlineData("*://127.0.0.1:*", "redis://127.0.0.1:7000", true)]
    public void Patterns_match_like_spin(string pattern, string url, bool allowed) =>
        Assert.Equal(allowed, AllowedHost.Parse(pattern).Matches(new Uri(url)));

    [Theory]
    [InlineData("api.example.com", "has no scheme")]
    [InlineData("ftp://example.com", "scheme must be http, https, redis, rediss or *")]
    [InlineData("https://example.com/path", "expected only a host and an optional port")]
    [InlineData("https://example.com:99999", "port must be a number from 1 to 65535 or *")]
    [InlineData("https://exa mple.com", "is not a host name")]
    [InlineData("*://example.com", "with scheme * the port must be given")]
    [InlineData("http://[::1", "an IPv6 address is written [address] or [address]:port")]
    [InlineData("http://[::1]8080", "an IPv6 address is written [address] or [address]:port")]
    [InlineData("http://[example.com]:80", "is not an IPv6 address")]
    [InlineData("http://[::1]:0", "port must be a number from 1 to 65535 or *")]
    public void Malformed_patterns_say_what_is_wrong(string pattern, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => AllowedHost.Parse(pattern)).Message);
}
