using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Services.Variables;

/// <summary>
/// Reads a manifest's <c>[variables]</c> table and a component's <c>variables</c> table
/// (Spin's shapes); every wrong shape is a <see cref="ManifestException"/> naming file:line:key.
/// </summary>
internal static class VariablesReader
{
    /// <summary><c>[variables] name = { default = "…" } | { required = true }</c>, optionally <c>secret = true</c>.</summary>
    public static IReadOnlyDictionary<string, VariableDefinition> ReadDefinitions(ManifestReader reader, TomlMap root)
    {
        var table = reader.Table(root, "variables", "", required: false);
        var definitions = new Dictionary<string, VariableDefinition>(StringComparer.Ordinal);
        foreach (var (name, node) in table.Entries)
        {
            var key = $"variables.{name}";
            if (VariableName.Problem(name) is { } problem)
            {
                throw reader.Error(node, key, problem);
            }
            if (node is not TomlMap entry)
            {
                throw reader.Error(node, key, $"expected a table like {{ default = \"…\" }} or {{ required = true }}, found {node.Describe()}");
            }
            reader.OnlyKeys(entry, key, "default", "required", "secret");
            var value = reader.String(entry, "default", key, required: false);
            var isRequired = Flag(reader, entry, "required", key);
            var secret = Flag(reader, entry, "secret", key);
            if (isRequired && value is not null)
            {
                throw reader.Error(entry, key, "has both a default and required = true (a required variable has no default)");
            }
            if (!isRequired && value is null)
            {
                throw reader.Error(entry, key, "needs a default or required = true");
            }
            definitions.Add(name, new VariableDefinition(name, value, isRequired, secret, node.Line));
        }
        return definitions;
    }

    /// <summary>
    /// <c>[component.x.variables] key = "text {{ name }} text"</c>: keys are variable names,
    /// values templates whose names are all in <paramref name="definitions"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, Template> ReadComponentVariables(
        ManifestReader reader, TomlMap component, string path, IReadOnlyDictionary<string, VariableDefinition> definitions)
    {
        var table = reader.Table(component, "variables", path, required: false);
        var templates = new Dictionary<string, Template>(StringComparer.Ordinal);
        foreach (var (name, node) in table.Entries)
        {
            var key = $"{path}.variables.{name}";
            if (VariableName.Problem(name) is { } problem)
            {
                throw reader.Error(node, key, problem);
            }
            if (node is not TomlScalar { Value: string text })
            {
                throw reader.Error(node, key, $"expected a string, found {node.Describe()}");
            }
            if (!Template.TryParse(text, out var template, out var error))
            {
                throw reader.Error(node, key, error!);
            }
            foreach (var used in template!.Names)
            {
                if (!definitions.ContainsKey(used))
                {
                    throw reader.Error(node, key, $"unknown variable \"{used}\" (define it in [variables])");
                }
            }
            templates.Add(name, template);
        }
        return templates;
    }

    private static bool Flag(ManifestReader reader, TomlMap entry, string name, string key) => entry.Get(name) switch
    {
        null => false,
        TomlScalar { Value: bool b } => b,
        var other => throw reader.Error(other, $"{key}.{name}", $"expected a boolean, found {other.Describe()}"),
    };
}
