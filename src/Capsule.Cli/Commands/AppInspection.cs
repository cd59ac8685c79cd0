using System.Text;
using System.Text.Json.Nodes;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;

namespace Capsule.Cli.Commands;

/// <summary>
/// <c>capsule inspect APP</c> (a folder, capsule.toml or spin.toml): the app's triggers of every type
/// (http routes and their executor, cron schedules, redis channels and servers) and its components,
/// read from the manifest alone (nothing is compiled or built).
/// </summary>
internal static class AppInspection
{
    /// <summary>Whether <paramref name="path"/> names an app rather than a .wasm/.wat file.</summary>
    public static bool IsApp(string path) =>
        Directory.Exists(path) || path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Prints the app's description; 2 when its manifest cannot be read.</summary>
    public static int Execute(string path, bool json)
    {
        AppManifest manifest;
        try
        {
            manifest = ManifestLoader.Load(path, checkSources: false);
        }
        catch (ManifestException e)
        {
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        Console.Out.Write(json ? Json(manifest).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n" : Render(manifest));
        return 0;
    }

    private static string Render(AppManifest manifest)
    {
        var text = new StringBuilder();
        text.Append($"app        {manifest.Application.Name}{(manifest.Application.Version is { } v ? $" {v}" : "")}  ({manifest.DisplayName})\n");
        text.Append("triggers\n");
        foreach (var http in manifest.HttpTriggers)
        {
            text.Append($"  http   {http.Route}  ->  {http.Component}{(http.Wagi is null ? "" : "  (wagi)")}\n");
        }
        foreach (var cron in manifest.CronTriggers)
        {
            text.Append($"  cron   \"{cron.Expression}\"  ->  {cron.Component}  (id {cron.Id})\n");
        }
        foreach (var redis in manifest.RedisTriggers)
        {
            text.Append($"  redis  {redis.Address} channel \"{redis.Channel}\"  ->  {redis.Component}  (id {redis.Id})\n");
        }
        text.Append("components\n");
        foreach (var (id, component) in manifest.Components)
        {
            text.Append($"  {id}  {Path.GetRelativePath(manifest.Directory, component.Source)}\n");
        }
        return text.ToString();
    }

    // Built node by node (no reflection), so the natively compiled capsule prints it too.
    private static JsonObject Json(AppManifest manifest)
    {
        var triggers = new JsonArray();
        foreach (var http in manifest.HttpTriggers)
        {
            triggers.Add((JsonNode)new JsonObject { ["type"] = "http", ["route"] = http.Route, ["component"] = http.Component, ["executor"] = http.Wagi is null ? "http" : "wagi" });
        }
        foreach (var cron in manifest.CronTriggers)
        {
            triggers.Add((JsonNode)new JsonObject { ["type"] = "cron", ["id"] = cron.Id, ["cronExpression"] = cron.Expression, ["component"] = cron.Component });
        }
        foreach (var redis in manifest.RedisTriggers)
        {
            triggers.Add((JsonNode)new JsonObject { ["type"] = "redis", ["id"] = redis.Id, ["address"] = redis.Address.ToString(), ["channel"] = redis.Channel, ["component"] = redis.Component });
        }
        var components = new JsonArray();
        foreach (var (id, component) in manifest.Components)
        {
            components.Add((JsonNode)new JsonObject { ["id"] = id, ["source"] = component.Source });
        }
        return new JsonObject { ["name"] = manifest.Application.Name, ["manifest"] = manifest.Path, ["triggers"] = triggers, ["components"] = components };
    }
}
