namespace Capsule.Hosting.Manifest;

/// <summary>
/// Trigger ids as Spin assigns them: the <c>id</c> key when given, else
/// "&lt;component&gt;-http-trigger" for a trigger naming its component,
/// else "http-trigger&lt;n&gt;", never repeating one. They name inline
/// components, so they must match Spin's for the same manifest.
/// </summary>
internal static class TriggerIds
{
    public static List<string> Assign(ManifestReader reader, IReadOnlyList<TomlMap> triggers)
    {
        var given = triggers.Select((t, i) => reader.String(t, "id", $"trigger.http[{i}]", required: false)).ToList();
        var taken = new HashSet<string>(given.OfType<string>(), StringComparer.Ordinal);
        var ids = new List<string>();
        var counter = 1;
        for (var i = 0; i < triggers.Count; i++)
        {
            if (given[i] is { Length: > 0 } id)
            {
                ids.Add(id);
                continue;
            }
            if (triggers[i].Get("component") is TomlScalar { Value: string component } && taken.Add($"{component}-http-trigger"))
            {
                ids.Add($"{component}-http-trigger");
                continue;
            }
            while (!taken.Add($"http-trigger{counter}"))
            {
                counter++;
            }
            ids.Add($"http-trigger{counter}");
        }
        return ids;
    }
}
