using System.Text.Json.Nodes;
using Capsule.Hosting.Manifest;
using Capsule.Hosting.Services.KeyValue;
using Capsule.Hosting.Services.Sqlite;
using Capsule.Hosting.Services.Variables;

namespace Capsule.Hosting.Registry;

/// <summary>
/// Writes Spin's locked app (<c>spin_lock_version</c> 0, as <c>spin registry push</c> does) for a
/// Capsule app. Capsule's own keys without a Spin equivalent (limits, instance_reuse) travel in
/// the component's metadata as <c>capsule_limits</c> and <c>capsule_instance_reuse</c>; Spin ignores
/// metadata it does not know.
/// </summary>
internal static class LockedAppJson
{
    /// <summary>Component metadata key for [component.id.limits].</summary>
    public const string LimitsKey = "capsule_limits";

    /// <summary>Component metadata key for instance_reuse.</summary>
    public const string ReuseKey = "capsule_instance_reuse";

    public static JsonObject App(AppManifest manifest, JsonArray components)
    {
        var metadata = new JsonObject { ["name"] = manifest.Application.Name };
        if (manifest.Application.Version is { } version)
        {
            metadata["version"] = version;
        }
        if (manifest.Application.Description is { } description)
        {
            metadata["description"] = description;
        }
        metadata["triggers"] = LockedTriggers.Types(manifest);
        metadata["trigger"] = new JsonObject { ["type"] = "http" };
        var triggers = LockedTriggers.Write(manifest);
        var locked = new JsonObject
        {
            ["spin_lock_version"] = 0,
            ["metadata"] = metadata,
            ["triggers"] = triggers,
            ["components"] = components,
        };
        if (Variables(manifest) is { Count: > 0 } variables)
        {
            locked["variables"] = variables;
        }
        return locked;
    }

    // Spin's locked [variables]: name → { default, secret }; a required variable has no default.
    private static JsonObject Variables(AppManifest manifest)
    {
        var variables = new JsonObject();
        foreach (var (name, definition) in VariablesReader.ReadDefinitions(new ManifestReader(manifest.DisplayName), manifest.Root))
        {
            var entry = new JsonObject { ["secret"] = definition.Secret };
            if (definition.Default is { } value)
            {
                entry["default"] = value;
            }
            variables[name] = entry;
        }
        return variables;
    }

    public static JsonObject Component(ComponentManifest spec, string wasmDigest, JsonArray files)
    {
        var grants = spec.FeatureGrants;
        var metadata = new JsonObject
        {
            ["allowed_outbound_hosts"] = new JsonArray([.. grants.AllowedOutboundHosts.Select(h => (JsonNode)Pattern(h))]),
        };
        // Spin's metadata keys for the labels a component may open (PulledAppWriter reads them back).
        if (grants.Grant<KeyValueGrant>() is { Listed.Length: > 0 } keyValue)
        {
            metadata["key_value_stores"] = new JsonArray([.. keyValue.Listed.Select(l => (JsonNode)l.Name)]);
        }
        if (grants.Grant<SqliteLabels>() is { Labels.Count: > 0 } sqlite)
        {
            metadata["databases"] = new JsonArray([.. sqlite.Labels.Select(l => (JsonNode)l.Name)]);
        }
        var limits = new JsonObject
        {
            ["memory"] = Size(spec.Limits.MaxMemoryBytes),
            ["timeout"] = spec.Limits.Timeout is { } timeout ? Duration.Format(timeout) : null,
        };
        if (spec.Concurrency is { } concurrency)
        {
            limits["max_concurrent"] = concurrency.MaxConcurrent;
            limits["reserved_concurrent"] = concurrency.ReservedConcurrent;
        }
        foreach (var key in limits.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            limits.Remove(key);
        }
        metadata[LimitsKey] = limits;
        if (spec.Reuse is { } reuse)
        {
            metadata[ReuseKey] = new JsonObject { ["max_requests"] = reuse.MaxRequests, ["idle_timeout"] = Duration.Format(reuse.IdleTimeout) };
        }
        var component = new JsonObject
        {
            ["id"] = spec.Id,
            ["metadata"] = metadata,
            ["source"] = new JsonObject { ["content_type"] = "application/wasm", ["digest"] = wasmDigest },
        };
        if (grants.Environment.Length > 0)
        {
            var env = new JsonObject();
            foreach (var (name, value) in grants.Environment)
            {
                env[name] = value;
            }
            component["env"] = env;
        }
        if (grants.Grant<VariableTemplates>() is { Templates.Count: > 0 } templates)
        {
            // Spin's locked component config: each variable's template text, as the manifest wrote it.
            var config = new JsonObject();
            foreach (var (name, template) in templates.Templates)
            {
                config[name] = template.Text;
            }
            component["config"] = config;
        }
        if (files.Count > 0)
        {
            component["files"] = files;
        }
        return component;
    }

    // Spin's spelling: scheme://host[:port], IPv6 in brackets.
    private static string Pattern(AllowedHost host)
    {
        var name = host.Host.Contains(':') ? $"[{host.Host}]" : host.Host;
        return host.Port.Length == 0 ? $"{host.Scheme}://{name}" : $"{host.Scheme}://{name}:{host.Port}";
    }

    private static string Size(long bytes) => bytes % 1024 == 0 ? ByteSize.Format(bytes) : $"{bytes}B";
}
