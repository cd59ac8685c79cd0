using Capsule.Hosting.Services.KeyValue;

namespace Capsule.Hosting.Manifest;

/// <summary>
/// One <c>[[trigger.redis]]</c> (Spin's shape: <c>channel</c>, <c>component</c>, optional <c>address</c>
/// overriding <c>[application.trigger.redis] address</c>): every message published on the channel
/// runs the component's <c>fermyon:spin/inbound-redis</c> <c>handle-message</c>.
/// </summary>
/// <param name="Id">The trigger's id (Spin's, or generated: <c>&lt;component&gt;-redis-trigger</c>, else <c>redis-trigger&lt;n&gt;</c>).</param>
/// <param name="Component">The component id.</param>
/// <param name="Channel">The channel subscribed to (a literal name, not a pattern).</param>
/// <param name="Address">The Redis server.</param>
/// <param name="Line">Where it is written.</param>
public sealed record RedisTrigger(string Id, string Component, string Channel, RedisAddress Address, int Line);

/// <summary>Reads the <c>[[trigger.redis]]</c> entries and <c>[application.trigger.redis]</c>.</summary>
internal static class RedisTriggerReader
{
    /// <summary>The redis triggers of <paramref name="trigger"/> (the [trigger] table); none when it has none.</summary>
    public static List<RedisTrigger> Read(ManifestReader reader, TomlMap root, TomlMap trigger, IReadOnlyDictionary<string, ComponentManifest> components)
    {
        var result = new List<RedisTrigger>();
        var entries = reader.Array(trigger, "redis", "trigger");
        if (entries.Count == 0)
        {
            return result;
        }
        var defaultAddress = DefaultAddress(reader, root);
        // Spin's normalize_trigger_ids: ids given are taken first, then each trigger without one gets
        // "<component>-redis-trigger" if free, else the first free "redis-trigger<n>".
        var taken = new HashSet<string>(entries.OfType<TomlMap>().Select(e => e.Get("id")).OfType<TomlScalar>().Select(v => v.Value).OfType<string>(), StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"trigger.redis[{i}]";
            if (entries[i] is not TomlMap entry)
            {
                throw reader.Error(entries[i], path, $"expected a table, found {entries[i].Describe()}");
            }
            reader.OnlyKeys(entry, path, "id", "component", "channel", "address");
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
            var channel = reader.String(entry, "channel", path, required: true)!;
            if (channel.Length == 0 || channel.Length > 1024 || channel.Any(char.IsControl) || channel.Contains("{{", StringComparison.Ordinal))
            {
                throw reader.Error(entry.Get("channel"), $"{path}.channel",
                    channel.Contains("{{", StringComparison.Ordinal)
                        ? "variables in a channel name are not supported by Capsule yet: write the name itself"
                        : "a channel name is 1 to 1024 characters, none of them a control character");
            }
            var address = entry.Get("address") is { } own
                ? Address(reader, own, $"{path}.address", reader.String(entry, "address", path, required: true)!)
                : defaultAddress ?? throw reader.Error(entry, path,
                    "no Redis address: set [application.trigger.redis] address = \"redis://host:6379\" (or address in this trigger)");
            var id = reader.String(entry, "id", path, required: false) ?? GeneratedId(component, taken);
            result.Add(new RedisTrigger(id, component, channel, address, entry.Line));
        }
        return result;
    }

    private static RedisAddress? DefaultAddress(ManifestReader reader, TomlMap root)
    {
        if (root.Get("application") is not TomlMap application || application.Get("trigger") is not TomlMap triggers
            || triggers.Get("redis") is not TomlMap redis || redis.Get("address") is not { } node)
        {
            return null;
        }
        return Address(reader, node, "application.trigger.redis.address", reader.String(redis, "address", "application.trigger.redis", required: true)!);
    }

    /// <summary>Parses a trigger's Redis address, naming <paramref name="key"/> when it is not one.</summary>
    public static RedisAddress Address(ManifestReader reader, TomlNode node, string key, string text)
    {
        if (text.Contains("{{", StringComparison.Ordinal))
        {
            throw reader.Error(node, key, "variables in a Redis trigger address are not supported by Capsule yet: write the address itself");
        }
        return RedisAddress.TryParse(text, out var address, out var error)
            ? address!
            : throw reader.Error(node, key, $"not a Redis address: {error}");
    }

    private static string GeneratedId(string component, HashSet<string> taken)
    {
        if (taken.Add($"{component}-redis-trigger"))
        {
            return $"{component}-redis-trigger";
        }
        for (var n = 1; ; n++)
        {
            if (taken.Add($"redis-trigger{n}"))
            {
                return $"redis-trigger{n}";
            }
        }
    }
}
