using System.Text;
using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Registry;

/// <summary>A registry behind htpasswd (Basic) auth, for the class.</summary>
public sealed class AuthRegistryFixture : IDisposable
{
    public const string User = "ada";
    public const string Password = "s3cret-pass";

    public LocalRegistry Registry { get; } = LocalRegistry.StartWithAuth(User, Password);

    public void Dispose() => Registry.Dispose();
}

/// <summary>
/// Credentials: without a login a registry that wants one is one line and exit 77; a wrong
/// password is refused at login and nothing is saved; a right one is saved in Docker's config
/// file, where push, pull and up --from-registry find it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RegistryAuthTests(AuthRegistryFixture fixture) : IClassFixture<AuthRegistryFixture>, IDisposable
{
    private readonly RegistryUser _user = new();

    private string Registry => fixture.Registry.Address;

    private string ConfigFile => Path.Combine(_user.DockerConfigDir, "config.json");

    [Fact]
    public void Push_and_pull_without_login_say_how_to_log_in()
    {
        var expected = new CapsuleResult(77, "", $"capsule: error: registry {Registry} requires credentials for test/private: run 'capsule registry login {Registry}'\n");
        Assert.Equal(expected, _user.Capsule("registry", "push", $"{Registry}/test/private:v1", _user.WriteApp("private"), "--insecure"));
        Assert.Equal(expected, _user.Capsule("registry", "pull", $"{Registry}/test/private:v1", "--insecure"));
        Assert.Equal(expected, _user.Capsule("up", "--from-registry", $"{Registry}/test/private:v1", "--insecure"));
    }

    [Fact]
    public void A_wrong_password_is_refused_at_login_and_nothing_is_saved()
    {
        var result = _user.Capsule("registry", "login", Registry, "-u", AuthRegistryFixture.User, "-p", "wrong", "--insecure");
        Assert.Equal(new CapsuleResult(77, "", $"capsule: error: registry {Registry} refused the credentials of user 'ada'; nothing was saved\n"), result);
        Assert.False(File.Exists(ConfigFile));
    }

    [Fact]
    public async Task After_login_push_pull_and_up_use_the_saved_credentials()
    {
        var login = _user.Capsule("registry", "login", Registry, "-u", AuthRegistryFixture.User, "-p", AuthRegistryFixture.Password, "--insecure");
        Assert.Equal(new CapsuleResult(0, $"Logged in to {Registry} as ada (saved in {ConfigFile})\n", ""), login);
        var saved = JsonNode.Parse(File.ReadAllText(ConfigFile))!["auths"]![Registry]!["auth"]!.GetValue<string>();
        Assert.Equal("ada:s3cret-pass", Encoding.UTF8.GetString(Convert.FromBase64String(saved)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigFile));

        Assert.Equal(0, _user.Capsule("registry", "push", $"{Registry}/test/private:v2", _user.WriteApp("private-ok"), "--insecure").ExitCode);
        Assert.Equal(0, _user.Capsule("registry", "pull", $"{Registry}/test/private:v2", "--insecure").ExitCode);
        using var served = await _user.ServeFromRegistry($"{Registry}/test/private:v2", "registry-test");
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/hello/"));
    }

    [Fact]
    public void Saved_credentials_the_registry_no_longer_accepts_are_named_with_their_file()
    {
        Directory.CreateDirectory(_user.DockerConfigDir);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:old-password"));
        File.WriteAllText(ConfigFile, $$"""{ "auths": { "{{Registry}}": { "auth": "{{auth}}" } }, "credsStore": "kept" }""");
        var result = _user.Capsule("registry", "pull", $"{Registry}/test/private:v1", "--insecure");
        Assert.Equal(new CapsuleResult(77, "", $"capsule: error: registry {Registry} refused the credentials of user 'ada' for test/private (saved in {ConfigFile})\n"), result);
    }

    public void Dispose() => _user.Dispose();
}

/// <summary>Token (Bearer) auth as hosted registries use it, through a front on the test registry.</summary>
public sealed class RegistryTokenAuthTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryUser _user = new();

    [Fact]
    public void A_registry_asking_for_tokens_gets_one_for_the_saved_login_with_the_push_or_pull_scope()
    {
        using var proxy = new TokenAuthProxy(fixture.Registry.Address, "ada", "token-pass");
        var reference = $"{proxy.Address}/test/tokens:v1";
        Assert.Equal(77, _user.Capsule("registry", "pull", reference, "--insecure").ExitCode);
        Succeeded(_user.Capsule("registry", "login", proxy.Address, "-u", "ada", "-p", "token-pass", "--insecure"));
        Succeeded(_user.Capsule("registry", "push", reference, _user.WriteApp("tokens"), "--insecure"));
        Succeeded(_user.Capsule("registry", "pull", reference, "--insecure"));
        Assert.Equal(["repository:test/tokens:pull", "repository:login-check:pull", "repository:test/tokens:pull,push", "repository:test/tokens:pull"], proxy.Scopes);
    }

    // A failure names its cause: the command's stderr.
    private static void Succeeded(CapsuleResult result) => Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");

    public void Dispose() => _user.Dispose();
}
