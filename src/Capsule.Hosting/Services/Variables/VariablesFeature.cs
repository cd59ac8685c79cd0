using Capsule.Runtime.Native;
using Config = Capsule.Hosting.Generated.Wasi.Config.Store;
using Spin2 = Capsule.Hosting.Generated.Fermyon.Spin.Variables;

namespace Capsule.Hosting.Services.Variables;

/// <summary>
/// Application variables for guests, as Spin serves them (<c>fermyon:spin/variables@2.0.0</c>,
/// <c>wasi:config/store</c>): <c>[variables]</c> defines them, a component's <c>variables</c> table
/// gives it keys rendered from templates. Every value is resolved at start-up (environment,
/// <c>.env</c>, default); a required variable without one stops start-up with one line naming it.
/// </summary>
public sealed class VariablesFeature : IAppFeature, Capsule.Runtime.Components.Running.ILoweredHostFeature
{
    private const string Key = "variables";

    /// <summary>The name of the file in the app folder whose <c>CAPSULE_VARIABLE_X=…</c> lines give values.</summary>
    public const string DotEnvFileName = ".env";

    /// <inheritdoc/>
    public IReadOnlyList<string> ComponentKeys { get; } = [Key];

    /// <inheritdoc/>
    public IReadOnlyList<string> AppKeys { get; } = [Key];

    /// <inheritdoc/>
    public IReadOnlyList<GrantHintRule> GrantHints { get; } =
    [
        new("variables", "[variables] and [component.ID.variables] in capsule.toml (values from CAPSULE_VARIABLE_NAME, .env or the default)", name =>
            name.StartsWith("fermyon:spin/variables@", StringComparison.Ordinal) || name.StartsWith("wasi:config/store@", StringComparison.Ordinal)),
    ];

    /// <inheritdoc/>
    public void Link(HostLinker linker) =>
        linker.Define([
            Spin2.VariablesImports.Create(HostOf),
            Config.StoreImports.Create(HostOf),
        ]);

    /// <inheritdoc/>
    public GuestGrants ReadComponent(ComponentSection component, GuestGrants grants)
    {
        if (component.Table.Get(Key) is null)
        {
            return grants;
        }
        var definitions = VariablesReader.ReadDefinitions(component.Reader, component.Root);
        var templates = VariablesReader.ReadComponentVariables(component.Reader, component.Table, component.Path, definitions);
        return grants.WithGrant(new VariableTemplates(templates));
    }

    /// <inheritdoc/>
    public IDisposable? ConfigureApp(AppConfiguration app)
    {
        var definitions = VariablesReader.ReadDefinitions(app.Reader, app.Manifest.Root);
        var templates = app.ComponentIds.ToDictionary(
            id => id,
            id => app.Grants(id).Grant<VariableTemplates>()?.Templates ?? new Dictionary<string, Template>(),
            StringComparer.Ordinal);
        var dotEnv = Path.Combine(app.Manifest.Directory, DotEnvFileName);
        IReadOnlyList<IVariableProvider> providers = File.Exists(dotEnv)
            ? [new EnvironmentVariableProvider(), DotEnvFile.Read(dotEnv)]
            : [new EnvironmentVariableProvider()];
        var variables = AppVariables.Resolve(app.Manifest.DisplayName, definitions, templates, providers);
        foreach (var id in templates.Keys)
        {
            app.SetGrants(id, app.Grants(id).WithGrant(new ComponentVariables(variables, id)));
        }
        return null;
    }

    /// <inheritdoc/>
    public IEnumerable<Capsule.Runtime.Components.Abi.LoweredInterface> Lowerings() =>
    [
        Spin2.VariablesLowerings.Create(static abi => HostOf((Capsule.Runtime.Features.InstanceState)abi.Host!)),
        Config.StoreLowerings.Create(static abi => HostOf((Capsule.Runtime.Features.InstanceState)abi.Host!)),
    ];

    private static VariablesHost HostOf(ComponentStore store) => HostOf(store.State);

    private static VariablesHost HostOf(Capsule.Runtime.Features.InstanceState state) =>
        state.GetOrCreate(static s => new VariablesHost(s.Grants.Grant<ComponentVariables>()));
}
