using Cronos;

namespace Capsule.Hosting.Manifest;

/// <summary>
/// One <c>[[trigger.cron]]</c> (the spin-trigger-cron plugin's shape: <c>component</c> and
/// <c>cron_expression</c>, six fields with seconds first, e.g. <c>"*/2 * * * * *"</c>).
/// </summary>
/// <param name="Id">The trigger's id (Spin's, or generated: <c>cron-trigger&lt;n&gt;</c>).</param>
/// <param name="Component">The component id.</param>
/// <param name="Expression">The expression as written, for messages.</param>
/// <param name="Schedule">The parsed schedule, in UTC as the plugin's scheduler reads it.</param>
/// <param name="Line">Where it is written.</param>
public sealed record CronTrigger(string Id, string Component, string Expression, CronExpression Schedule, int Line);

/// <summary>Reads the <c>[[trigger.cron]]</c> entries.</summary>
internal static class CronTriggerReader
{
    /// <summary>The cron triggers of <paramref name="trigger"/> (the [trigger] table); none when it has none.</summary>
    public static List<CronTrigger> Read(ManifestReader reader, TomlMap trigger, IReadOnlyDictionary<string, ComponentManifest> components)
    {
        var result = new List<CronTrigger>();
        var entries = reader.Array(trigger, "cron", "trigger");
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"trigger.cron[{i}]";
            if (entries[i] is not TomlMap entry)
            {
                throw reader.Error(entries[i], path, $"expected a table, found {entries[i].Describe()}");
            }
            reader.OnlyKeys(entry, path, "id", "component", "cron_expression");
            var id = reader.String(entry, "id", path, required: false) ?? $"cron-trigger{i + 1}";
            if (entry.Get("component") is TomlMap)
            {
                throw reader.Error(entry.Get("component"), $"{path}.component", "expected a component id (write the component as its own [component.<id>] table)");
            }
            var component = reader.String(entry, "component", path, required: true)!;
            if (!components.ContainsKey(component))
            {
                var known = components.Count == 0 ? "none are defined" : $"defined: {string.Join(", ", components.Keys)}";
                throw reader.Error(entry.Get("component"), $"{path}.component", $"no component '{component}' ({known})");
            }
            var expression = reader.String(entry, "cron_expression", path, required: true)!;
            result.Add(new CronTrigger(id, component, expression, Parse(reader, entry.Get("cron_expression")!, $"{path}.cron_expression", expression), entry.Line));
        }
        return result;
    }

    private static CronExpression Parse(ManifestReader reader, TomlNode node, string key, string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields != 6)
        {
            throw reader.Error(node, key, $"'{expression}' has {fields} fields (expected 6: second minute hour day-of-month month day-of-week, e.g. \"*/2 * * * * *\")");
        }
        try
        {
            return CronExpression.Parse(expression, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw reader.Error(node, key, $"'{expression}' is not a cron expression: {e.Message}");
        }
    }
}
