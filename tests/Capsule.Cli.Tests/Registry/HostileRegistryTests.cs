namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// What a hostile registry answers reaches the terminal escaped, in one line: control characters
/// in its error text, and redirects to non-HTTP(S) addresses (exit 69, not an internal error).
/// </summary>
public sealed class HostileRegistryTests : IDisposable
{
    private readonly RegistryUser _user = new();
    private readonly StallingRegistry _registry = new();

    [Fact]
    public void Control_characters_in_a_registry_error_are_escaped_in_one_line()
    {
        const string body = """{"errors":[{"code":"NAME_UNKNOWN","message":"\u001b[2J\u001b[31mowned\r\ncapsule: fake line\u0007"}]}""";
        _registry.Answer = line => line.Contains("/manifests/", StringComparison.Ordinal)
            ? $"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}"
            : null;

        var result = _user.Capsule("registry", "pull", $"{_registry.Address}/hostile/app:v1", "--insecure");

        Assert.Equal(69, result.ExitCode);
        Assert.Equal($"capsule: error: {_registry.Address}/hostile/app:v1: not found in the registry (NAME_UNKNOWN: \\x1b[2J\\x1b[31mowned\\x0d\\x0acapsule: fake line\\x07)\n", result.Stderr);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/x")]
    public void A_redirect_to_a_non_HTTP_address_is_one_line_and_exit_69(string location)
    {
        _registry.Answer = line => line.Contains("/manifests/", StringComparison.Ordinal)
            ? $"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
            : null;

        var result = _user.Capsule("registry", "pull", $"{_registry.Address}/hostile/app:v1", "--insecure");

        Assert.Equal(new CapsuleResult(69, "", $"capsule: error: registry {_registry.Address} redirected to {location}, which Capsule does not follow (HTTP(S) only, never from HTTPS to HTTP): refused\n"), result);
    }

    [Fact]
    public void An_upload_location_that_is_not_HTTP_is_one_line_and_exit_69()
    {
        _registry.Answer = line =>
            line.StartsWith("HEAD ", StringComparison.Ordinal) ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
            : line.StartsWith("POST ", StringComparison.Ordinal) ? "HTTP/1.1 202 Accepted\r\nLocation: file:///tmp/capsule-upload\r\nContent-Length: 0\r\n\r\n"
            : null;
        var app = _user.WriteApp("upload");

        var result = _user.Capsule("registry", "push", $"{_registry.Address}/hostile/app:v1", app, "--insecure");

        Assert.Equal(69, result.ExitCode);
        Assert.EndsWith($"capsule: error: registry {_registry.Address} sent an upload location that is not HTTP(S) (file:): refused\n", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _user.Dispose();
    }
}
