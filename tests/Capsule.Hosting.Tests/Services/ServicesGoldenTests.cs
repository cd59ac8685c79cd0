using Capsule.Hosting.Manifest;
using Capsule.Hosting.Services.RuntimeConfig;
using Capsule.Hosting.Services.Variables;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests.Services;

/// <summary>
/// Bad runtime config files (ui/runtime-config) and bad variables in manifests (ui/variables)
/// kept as files: each NAME.toml must fail with exactly the message in NAME.err.
/// </summary>
public sealed class ServicesGoldenTests
{
    private static readonly string UiDirectory = Path.Combine(Guests.RepoRoot, "tests", "Capsule.Hosting.Tests", "ui");

    public static TheoryData<string> RuntimeConfigCases => Cases("runtime-config");

    public static TheoryData<string> VariableCases => Cases("variables");

    [Theory]
    [MemberData(nameof(RuntimeConfigCases))]
    public void Bad_runtime_config_gives_its_exact_message(string name)
    {
        var path = Path.Combine(UiDirectory, "runtime-config", $"{name}.toml");

        var error = Assert.Throws<ManifestException>(() => RuntimeConfigFile.Load(path, $"{name}.toml"));

        Assert.Equal(Expected("runtime-config", name), error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [MemberData(nameof(VariableCases))]
    public void Bad_variables_give_their_exact_message(string name)
    {
        var path = Path.Combine(UiDirectory, "variables", $"{name}.toml");

        var error = Assert.Throws<ManifestException>(() => ReadVariables(File.ReadAllText(path), $"{name}.toml", _ => null));

        Assert.Equal(Expected("variables", name), error.Message);
    }

    /// <summary>What the manifest reader will do once the variables feature is wired: definitions, each component's templates, resolution.</summary>
    internal static AppVariables ReadVariables(string text, string fileName, Func<string, string?> environment, string? dotEnvPath = null)
    {
        var root = TomlReader.Read(text, fileName);
        var reader = new ManifestReader(fileName);
        var definitions = VariablesReader.ReadDefinitions(reader, root);
        var templates = new Dictionary<string, IReadOnlyDictionary<string, Template>>();
        foreach (var (id, node) in reader.Table(root, "component", "", required: false).Entries)
        {
            templates[id] = VariablesReader.ReadComponentVariables(reader, (TomlMap)node, $"component.{id}", definitions);
        }
        IVariableProvider[] providers = dotEnvPath is null
            ? [new EnvironmentVariableProvider(environment)]
            : [new EnvironmentVariableProvider(environment), DotEnvFile.Read(dotEnvPath)];
        return AppVariables.Resolve(fileName, definitions, templates, providers);
    }

    private static TheoryData<string> Cases(string folder) =>
        new(Directory.GetFiles(Path.Combine(UiDirectory, folder), "*.toml").Select(Path.GetFileNameWithoutExtension).Order()!);

    private static string Expected(string folder, string name) =>
        File.ReadAllText(Path.Combine(UiDirectory, folder, $"{name}.err")).Trim();
}
