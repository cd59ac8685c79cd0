using Capsule.Hosting.Services.Variables;
using Capsule.Hosting.Testing;

namespace Capsule.Hosting.Tests.Services;

/// <summary>The variables feature configuring an app as <c>capsule up</c> does (feature test kit): templates resolved at start-up.</summary>
public sealed class VariablesFeatureTests
{
    [Fact]
    public void A_component_s_templates_are_resolved_from_the_app_s_dot_env_file_and_defaults()
    {
        using var kit = new FeatureTestKit(new VariablesFeature());
        File.WriteAllText(Path.Combine(kit.AppFolder, ".env"), "CAPSULE_VARIABLE_TOKEN=from-dotenv\n");

        var grants = kit.Grants(
            """variables = { auth = "Bearer {{ token }}", greeting = "{{ greeting }}!" }""",
            "[variables]\ntoken = { required = true, secret = true }\ngreeting = { default = \"hi\" }");

        var own = grants.Grant<ComponentVariables>()!;
        Assert.Equal("Bearer from-dotenv", own.Variables.Get(own.ComponentId, "auth"));
        Assert.Equal([new("auth", "Bearer from-dotenv"), new KeyValuePair<string, string>("greeting", "hi!")], own.Variables.GetAll(own.ComponentId));
    }

    [Fact]
    public void A_component_without_a_variables_table_reads_none()
    {
        using var kit = new FeatureTestKit(new VariablesFeature());

        var own = kit.Grants("", "[variables]\ngreeting = { default = \"hi\" }").Grant<ComponentVariables>()!;

        Assert.IsType<VariableError.Undefined>(Assert.Throws<VariableException>(() => own.Variables.Get(own.ComponentId, "greeting")).Error);
    }
}
