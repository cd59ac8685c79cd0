
namespace Capsule.Hosting.Manifest;

/// <summary>
/// Reads one [component.&lt;id&gt;] table: the host's own keys here, each host feature's keys
/// (environment, allowed_outbound_hosts, …) by that feature (<see cref="IHostFeature.ReadComponent"/>).
/// </summary>
internal static class ComponentReader
{
    // The host's keys.
    private static readonly string[] HostKeys =
        ["source", "description", "limits", "build", "instance_reuse", "tool"];

    // Keys of Spin's component table that no feature of this host reads: named, not called "unknown".
    private static readonly string[] SpinKeysNotSupported =
        ["key_value_stores", "sqlite_databases", "ai_models", "variables", "allowed_http_hosts", "dependencies", "dependencies_inherit_configuration", "targets", "profile"];

    public static ComponentManifest Read(
        ManifestReader reader, TomlMap root, TomlMap table, string id, string path, string directory, bool checkSource, IReadOnlyList<IHostFeature> features)
    {
        var featureKeys = features.SelectMany(f => f.ComponentKeys).ToList();
        reader.RefuseUnsupportedSpinKeys(table, path, [.. SpinKeysNotSupported.Except(featureKeys)]);
        // In the order messages list them: what the component is, what it is granted, how it runs.
        reader.OnlyKeys(table, path, [.. HostKeys.Take(2), .. featureKeys, .. HostKeys.Skip(2)]);
        var sourceNode = table.Get("source");
        if (sourceNode is TomlMap)
        {
            throw reader.Error(sourceNode, $"{path}.source", "only a local file path is supported (not a URL or registry reference)");
        }
        var source = reader.String(table, "source", path, required: true)!;
        var sourcePath = Path.GetFullPath(Path.Combine(directory, source));
        if (checkSource && !File.Exists(sourcePath))
        {
            throw reader.Error(sourceNode, $"{path}.source", $"file not found: {sourcePath}");
        }
        reader.String(table, "description", path, required: false);
        // [component.x.tool.<name>]: settings for other tools (spin-test, …), which Spin itself ignores too.
        reader.Table(table, "tool", path, required: false);
        var build = BuildReader.Read(reader, table, path, directory);

        return new ComponentManifest(
            id,
            sourcePath,
            sourceNode!.Line,
            ReadFeatureGrants(new ComponentSection(reader, table, path, directory, root), features),
            ReadLimits(reader, table, path),
            build,
            ReadConcurrency(reader, table, path),
            ReadReuse(reader, table, path));
    }

    // instance_reuse = true (the defaults), false (off), or { max_requests = N, idle_timeout = "10s" }.
    private static InstanceReuse? ReadReuse(ManifestReader reader, TomlMap table, string path)
    {
        var node = table.Get("instance_reuse");
        var key = $"{path}.instance_reuse";
        switch (node)
        {
            case null or TomlScalar { Value: false }:
                return null;
            case TomlScalar { Value: true }:
                return new InstanceReuse(InstanceReuse.DefaultMaxRequests, InstanceReuse.DefaultIdleTimeout);
            case not TomlMap:
                throw reader.Error(node, key, $"expected a table (e.g. {{ max_requests = 100, idle_timeout = \"10s\" }}) or a boolean, found {node.Describe()}");
        }
        var reuse = (TomlMap)node;
        reader.OnlyKeys(reuse, key, "max_requests", "idle_timeout");
        var maxRequests = reader.Integer(reuse, "max_requests", key, 1, InstanceReuse.MostRequests) ?? InstanceReuse.DefaultMaxRequests;
        var idleTimeout = InstanceReuse.DefaultIdleTimeout;
        if (reader.String(reuse, "idle_timeout", key, required: false) is { } idle)
        {
            if (!Duration.TryParse(idle, out idleTimeout, out var error))
            {
                throw reader.Error(reuse.Get("idle_timeout"), $"{key}.idle_timeout", error!);
            }
            if (idleTimeout > InstanceReuse.MostIdle)
            {
                throw reader.Error(reuse.Get("idle_timeout"), $"{key}.idle_timeout",
                    $"'{idle}' is longer than {Duration.Format(InstanceReuse.MostIdle)} (an idle instance holds pool slots and memory)");
            }
        }
        return new InstanceReuse(maxRequests, idleTimeout);
    }

    // Each feature reads its own keys, in link order, into the component's grants.
    private static GuestGrants ReadFeatureGrants(ComponentSection section, IReadOnlyList<IHostFeature> features)
    {
        var grants = GuestGrants.None;
        foreach (var feature in features)
        {
            grants = feature.ReadComponent(section, grants);
        }
        return grants;
    }

    private static ResourceLimits ReadLimits(ManifestReader reader, TomlMap table, string path)
    {
        var limits = reader.Table(table, "limits", path, required: false);
        reader.OnlyKeys(limits, $"{path}.limits", "memory", "timeout", "max_concurrent", "reserved_concurrent");
        var result = new ResourceLimits { Timeout = HttpDefaults.RequestTimeout, MaxMemoryBytes = ResourceLimits.ServedHttpMaxMemoryBytes };
        if (reader.String(limits, "memory", $"{path}.limits", required: false) is { } memory)
        {
            result = ByteSize.TryParse(memory, out var bytes, out var error)
                ? result with { MaxMemoryBytes = bytes }
                : throw reader.Error(limits.Get("memory"), $"{path}.limits.memory", error!);
        }
        if (reader.String(limits, "timeout", $"{path}.limits", required: false) is { } timeout)
        {
            result = Duration.TryParse(timeout, out var span, out var error)
                ? result with { Timeout = span }
                : throw reader.Error(limits.Get("timeout"), $"{path}.limits.timeout", error!);
        }
        return result;
    }

    // Upper bound of both keys: far above what a pool of instances holds, low enough to stay an int.
    private const int MostConcurrent = 1_000_000;

    private static ConcurrencyLimits? ReadConcurrency(ManifestReader reader, TomlMap table, string path)
    {
        var limits = reader.Table(table, "limits", path, required: false);
        var max = reader.Integer(limits, "max_concurrent", $"{path}.limits", 1, MostConcurrent);
        var reserved = reader.Integer(limits, "reserved_concurrent", $"{path}.limits", 0, MostConcurrent);
        if (reserved > max)
        {
            throw reader.Error(limits.Get("reserved_concurrent"), $"{path}.limits.reserved_concurrent",
                $"{reserved} is more than max_concurrent ({max}): a component cannot be promised more instances than it may run");
        }
        return max is null && reserved is null ? null : new ConcurrencyLimits(max, reserved, limits.Line);
    }
}
