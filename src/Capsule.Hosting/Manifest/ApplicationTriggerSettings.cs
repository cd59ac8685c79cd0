namespace Capsule.Hosting.Manifest;

/// <summary>
/// Spin's <c>[application.trigger.&lt;type&gt;]</c>: settings shared by every trigger of a type.
/// <c>http</c> takes only the deprecated <c>base = "/"</c> (Spin refuses any other base), <c>redis</c> the
/// default <c>address</c> of the redis triggers;
/// trigger types Capsule does not run are refused by name.
/// </summary>
internal static class ApplicationTriggerSettings
{
    /// <summary>Checks every trigger type's table under <c>[application.trigger]</c>.</summary>
    public static void Check(ManifestReader reader, TomlMap triggers)
    {
        foreach (var (type, node) in triggers.Entries)
        {
            var path = $"application.trigger.{type}";
            if (node is not TomlMap table)
            {
                throw reader.Error(node, path, $"expected a table, found {node.Describe()}");
            }
            switch (type)
            {
                case "http":
                    reader.OnlyKeys(table, path, "base");
                    if (reader.String(table, "base", path, required: false) is { } @base && @base != "/")
                    {
                        throw reader.Error(table.Get("base"), $"{path}.base",
                            $"'{@base}': the deprecated base must be \"/\" (as in Spin, prefix each [[trigger.http]] route instead)");
                    }
                    break;
                case "redis":
                    reader.OnlyKeys(table, path, "address");
                    if (table.Get("address") is { } address)
                    {
                        RedisTriggerReader.Address(reader, address, $"{path}.address", reader.String(table, "address", path, required: true)!);
                    }
                    break;
                default:
                    throw reader.Error(node, path, "unsupported trigger type (Capsule serves trigger.http, trigger.cron and trigger.redis)");
            }
        }
    }
}
