using System.Text.Json.Nodes;
using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Registry;

/// <summary>
/// An app's triggers as Spin's locked app lists them (<c>triggers</c>: <c>id</c>, <c>trigger_type</c>,
/// <c>trigger_config</c>), every type Capsule serves: http (with its executor when it is WAGI), cron
/// (the spin-trigger-cron plugin's <c>cron_expression</c>) and redis (<c>channel</c>, and the resolved
/// <c>address</c> on each trigger). <see cref="PulledAppWriter"/> reads them back.
/// </summary>
internal static class LockedTriggers
{
    /// <summary>The locked <c>triggers</c> list; a redis address holding a password is refused (push sends no secret).</summary>
    public static JsonArray Write(AppManifest manifest)
    {
        var triggers = new JsonArray();
        var n = 0;
        foreach (var trigger in manifest.HttpTriggers)
        {
            var config = new JsonObject { ["component"] = trigger.Component, ["route"] = trigger.Route };
            if (trigger.Wagi is { } wagi)
            {
                config["executor"] = new JsonObject { ["type"] = "wagi", ["entrypoint"] = wagi.Entrypoint, ["argv"] = wagi.Argv };
            }
            triggers.Add((JsonNode)Entry($"http-trigger{++n}", "http", config));
        }
        foreach (var cron in manifest.CronTriggers)
        {
            triggers.Add((JsonNode)Entry(cron.Id, "cron", new JsonObject { ["component"] = cron.Component, ["cron_expression"] = cron.Expression }));
        }
        for (var i = 0; i < manifest.RedisTriggers.Count; i++)
        {
            var redis = manifest.RedisTriggers[i];
            if (redis.Address.Password is not null)
            {
                throw new ManifestException(manifest.DisplayName, redis.Line, $"trigger.redis[{i}].address",
                    "its Redis address holds a password, which capsule registry push does not send to a registry (serve the pulled app with an address that needs none)");
            }
            triggers.Add((JsonNode)Entry(redis.Id, "redis", new JsonObject
            {
                ["component"] = redis.Component,
                ["channel"] = redis.Channel,
                ["address"] = redis.Address.ToString(),
            }));
        }
        return triggers;
    }

    /// <summary>Spin's <c>metadata.triggers</c>: one (empty) settings table per trigger type the app uses.</summary>
    public static JsonObject Types(AppManifest manifest)
    {
        var types = new JsonObject { ["http"] = new JsonObject() };
        if (manifest.CronTriggers.Count > 0)
        {
            types["cron"] = new JsonObject();
        }
        if (manifest.RedisTriggers.Count > 0)
        {
            types["redis"] = new JsonObject();
        }
        return types;
    }

    private static JsonObject Entry(string id, string type, JsonObject config) =>
        new() { ["id"] = id, ["trigger_type"] = type, ["trigger_config"] = config };
}
