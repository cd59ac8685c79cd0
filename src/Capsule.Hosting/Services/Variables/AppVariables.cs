using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Services.Variables;

/// <summary>
/// An app's variables, resolved once at start-up: each from the first provider that has
/// it (environment, then <c>.env</c>), else its default. A required variable with no
/// value stops start-up with one line naming it. A component reads only its own
/// <c>variables</c> keys, each its template rendered. No value appears in a message.
/// </summary>
public sealed class AppVariables
{
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> components;

    private AppVariables(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> components)
    {
        this.components = components;
    }

    /// <summary>
    /// Resolves every variable and every component's templates. Throws <see cref="ManifestException"/>
    /// (file:line: variables.NAME) for the first required variable no provider gives.
    /// </summary>
    public static AppVariables Resolve(
        string manifestFile,
        IReadOnlyDictionary<string, VariableDefinition> definitions,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, Template>> componentTemplates,
        IReadOnlyList<IVariableProvider> providers)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in definitions.Values.OrderBy(d => d.Line))
        {
            var value = providers.Select(p => p.Get(definition.Name)).FirstOrDefault(v => v is not null) ?? definition.Default;
            if (value is null)
            {
                var names = string.Join(" or ", EnvironmentVariableProvider.NamesFor(definition.Name));
                throw new ManifestException(manifestFile, definition.Line, $"variables.{definition.Name}",
                    $"required variable has no value (set {names} in the environment or in the app's .env file)");
            }
            values.Add(definition.Name, value);
        }
        var resolved = componentTemplates.ToDictionary(
            c => c.Key,
            c => (IReadOnlyDictionary<string, string>)c.Value.ToDictionary(t => t.Key, t => t.Value.Render(name => values[name]), StringComparer.Ordinal),
            StringComparer.Ordinal);
        return new AppVariables(resolved);
    }

    /// <summary>Component <paramref name="componentId"/>'s variable <paramref name="name"/>, or a <see cref="VariableException"/>.</summary>
    public string Get(string componentId, string name)
    {
        if (VariableName.Problem(name) is { } problem)
        {
            throw new VariableException(new VariableError.InvalidName($"\"{name}\": {problem}"));
        }
        if (!components.TryGetValue(componentId, out var own) || !own.TryGetValue(name, out var value))
        {
            throw new VariableException(new VariableError.Undefined($"no variable \"{name}\" for component \"{componentId}\""));
        }
        return value;
    }

    /// <summary>Every variable of component <paramref name="componentId"/> (for <c>wasi:config/store.get-all</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetAll(string componentId) =>
        components.TryGetValue(componentId, out var own) ? [.. own.OrderBy(v => v.Key, StringComparer.Ordinal)] : [];
}
