using Capsule.Hosting.Http;

namespace Capsule.Hosting.Tests;

/// <summary>--listen accepts only what Kestrel cannot misread as "every interface".</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:3000", "127.0.0.1:3000")]
    [InlineData("0.0.0.0:80", "0.0.0.0:80")]
    [InlineData("localhost:0", "127.0.0.1:0")]
    [InlineData("[::1]:8080", "[::1]:8080")]
    public void Accepts(string text, string expected)
    {
        Assert.True(ListenAddress.TryParse(text, out var endpoint, out var error), error);
        Assert.Equal(expected, endpoint.ToString());
    }

    [Theory]
    [InlineData("foo", "expected HOST:PORT, e.g. 127.0.0.1:3000 (got \"foo\")")]
    [InlineData(":3000", "expected HOST:PORT, e.g. 127.0.0.1:3000 (got \":3000\")")]
    [InlineData("example.com:80", "the host must be an IP address ([...] for IPv6) or localhost (got \"example.com\")")]
    [InlineData("::1:80", "the host must be an IP address ([...] for IPv6) or localhost (got \"::1\")")]
    [InlineData("127.0.0.1:65536", "the port must be a number from 0 to 65535 (got \"65536\"; 0 picks a free port)")]
    [InlineData("127.0.0.1:-1", "the port must be a number from 0 to 65535 (got \"-1\"; 0 picks a free port)")]
    [InlineData("127.0.0.1:", "the port must be a number from 0 to 65535 (got \"\"; 0 picks a free port)")]
    public void Refuses_with_the_reason(string text, string expected)
    {
        Assert.False(ListenAddress.TryParse(text, out var endpoint, out var error));
        Assert.Null(endpoint);
        Assert.Equal(expected, error);
    }
}
