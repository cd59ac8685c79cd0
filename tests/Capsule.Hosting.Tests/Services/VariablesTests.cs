using Capsule.Hosting.Manifest;
using Capsule.Hosting.Services.Variables;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests.Services;

/// <summary>Variables from a manifest: templates, providers in order, required and secret ones.</summary>
public sealed class VariablesTests : IDisposable
{
    private const string Manifest = """
        [variables]
        greeting = { default = "hello" }
        name = { default = "world" }
        api_token = { required = true, secret = true }

        [component.web]
        source = "web.wasm"
        [component.web.variables]
        message = "{{ greeting }}, {{name}}!"
        auth = "Bearer {{ api_token }}"
        plain = "no references"

        [component.other]
        source = "other.wasm"
        """;

    private readonly TempDir dir = new();

    [Fact]
    public void A_template_renders_defaults_and_a_required_secret_from_the_environment()
    {
        var variables = ServicesGoldenTests.ReadVariables(Manifest, "capsule.toml", Env(("CAPSULE_VARIABLE_API_TOKEN", "t0ken")));

        Assert.Equal("hello, world!", variables.Get("web", "message"));
        Assert.Equal("Bearer t0ken", variables.Get("web", "auth"));
        Assert.Equal("no references", variables.Get("web", "plain"));
        Assert.Equal(["auth", "message", "plain"], variables.GetAll("web").Select(v => v.Key));
    }

    [Fact]
    public void Capsule_s_variable_wins_over_Spin_s_which_wins_over_dot_env_which_wins_over_the_default()
    {
        File.WriteAllText(dir.Combine(".env"), "# settings\nSPIN_VARIABLE_GREETING=from-dotenv\nexport SPIN_VARIABLE_NAME='dotenv name'\nCAPSULE_VARIABLE_API_TOKEN=\"dot\\\"env\"\n");

        var fromDotEnv = ServicesGoldenTests.ReadVariables(Manifest, "capsule.toml", Env(), dir.Combine(".env"));
        var fromSpin = ServicesGoldenTests.ReadVariables(Manifest, "capsule.toml", Env(("SPIN_VARIABLE_GREETING", "spin")), dir.Combine(".env"));
        var fromCapsule = ServicesGoldenTests.ReadVariables(
            Manifest, "capsule.toml", Env(("SPIN_VARIABLE_GREETING", "spin"), ("CAPSULE_VARIABLE_GREETING", "capsule")), dir.Combine(".env"));
        var noDotEnv = ServicesGoldenTests.ReadVariables(Manifest, "capsule.toml", Env(("SPIN_VARIABLE_API_TOKEN", "x")));

        Assert.Equal("from-dotenv, dotenv name!", fromDotEnv.Get("web", "message"));
        Assert.Equal("Bearer dot\"env", fromDotEnv.Get("web", "auth"));
        Assert.Equal("spin, dotenv name!", fromSpin.Get("web", "message"));
        Assert.Equal("capsule, dotenv name!", fromCapsule.Get("web", "message"));
        Assert.Equal("hello, world!", noDotEnv.Get("web", "message"));
    }

    [Fact]
    public void An_undefined_or_invalid_name_is_an_error_naming_it_and_another_component_s_variables_are_not_visible()
    {
        var variables = ServicesGoldenTests.ReadVariables(Manifest, "capsule.toml", Env(("CAPSULE_VARIABLE_API_TOKEN", "t0ken")));

        var undefined = Assert.Throws<VariableException>(() => variables.Get("web", "nope"));
        var elsewhere = Assert.Throws<VariableException>(() => variables.Get("other", "message"));
        var invalid = Assert.Throws<VariableException>(() => variables.Get("web", "Bad-Name"));

        Assert.Equal(new VariableError.Undefined("no variable \"nope\" for component \"web\""), undefined.Error);
        Assert.IsType<VariableError.Undefined>(elsewhere.Error);
        Assert.IsType<VariableError.InvalidName>(invalid.Error);
        Assert.Empty(variables.GetAll("other"));
    }

    [Fact]
    public void A_missing_required_variable_stops_start_up_with_one_line_naming_it_and_no_value()
    {
        var error = Assert.Throws<ManifestException>(() =>
            ServicesGoldenTests.ReadVariables(Manifest, "capsule.toml", Env(("CAPSULE_VARIABLE_GREETING", "s3cret-greeting"))));

        Assert.Equal(
            "capsule.toml:4: variables.api_token: required variable has no value (set CAPSULE_VARIABLE_API_TOKEN or SPIN_VARIABLE_API_TOKEN in the environment or in the app's .env file)",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public void A_malformed_dot_env_line_is_named_by_line_without_quoting_it()
    {
        File.WriteAllText(dir.Combine(".env"), "CAPSULE_VARIABLE_API_TOKEN=ok\nthis line has the s3cret in it\n");

        var error = Assert.Throws<ManifestException>(() => DotEnvFile.Read(dir.Combine(".env")));

        Assert.StartsWith($"{dir.Combine(".env")}:2: ", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public void A_secret_definition_prints_as_its_name_only()
    {
        var secret = new VariableDefinition("api_token", "s3cret-default", Required: false, Secret: true, Line: 3);

        Assert.Equal("api_token", secret.ToString());
        Assert.DoesNotContain("s3cret", $"{secret}");
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("plain", new[] { "plain" })]
    [InlineData("a-{{ x }}-b", new[] { "a-", "{x}", "-b" })]
    [InlineData("{{x}}{{ y }}", new[] { "{x}", "{y}" })]
    [InlineData("{ single } and }} alone", new[] { "{ single } and }} alone" })]
    public void Templates_split_as_Spin_s_do(string text, string[] parts)
    {
        Assert.True(Template.TryParse(text, out var template, out _));

        Assert.Equal(parts, template!.Parts.Select(p => p.IsName ? $"{{{p.Text}}}" : p.Text));
    }

    [Fact]
    public void An_unmatched_opening_is_Spin_s_error()
    {
        Assert.False(Template.TryParse("{{ matched }} {{ unmatched", out _, out var error));

        Assert.Equal("unmatched '{{' in template", error);
    }

    public void Dispose() => dir.Dispose();

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
