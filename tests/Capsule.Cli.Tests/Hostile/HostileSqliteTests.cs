using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Capsule.Cli.Tests.Hostile;

/// <summary>
/// The hostile suite's SQLite attacks, on a real <c>capsule up</c> process with the Spin 2 and Spin 3 guests:
/// reaching another app's store through ATTACH, writing a host file with VACUUM INTO, reading host paths,
/// a statement that never ends, and a value of a gigabyte. Each is refused and the host keeps serving.
/// </summary>
public sealed class HostileSqliteTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task SQLite_attacks_are_refused_and_the_host_keeps_serving()
    {
        var victim = _temp.Combine("victim", ".capsule", "sqlite.db");
        Directory.CreateDirectory(Path.GetDirectoryName(victim)!);
        File.WriteAllBytes(victim, []);
        var planted = _temp.Combine("planted.db");
        var app = _temp.Combine("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "capsule.toml"), $"""
            [application]
            name = "sqlhostile"

            [[trigger.http]]
            route = "/v2/..."
            component = "v2"

            [[trigger.http]]
            route = "/v3/..."
            component = "v3"

            [component.v2]
            source = "{Guests.Get("spin2-js.component.wasm")}"
            sqlite_databases = ["default"]
            limits = {"{"} timeout = "2s" {"}"}

            [component.v3]
            source = "{Guests.Get("spin3-js.component.wasm")}"
            sqlite_databases = ["default"]
            limits = {"{"} timeout = "2s" {"}"}
            """);
        // Two componentize-js guests compile first: on a saturated machine that takes minutes.
        var server = CapsuleProcess.Start(_temp.Combine("cache"), ["up", app, "--listen", "127.0.0.1:0"]);
        ServedCapsule served;
        try
        {
            var serving = await server.WaitForLine(l => l.StartsWith("Serving sqlhostile on ", StringComparison.Ordinal), TimeSpan.FromSeconds(300));
            served = new ServedCapsule(server, new HttpClient { BaseAddress = new Uri(Regex.Match(serving, @"http://\S+").Value), Timeout = TimeSpan.FromSeconds(120) });
        }
        catch
        {
            server.Dispose();
            throw;
        }
        using var cleanup = served;
        var client = served.Client;

        foreach (var version in new[] { "/v2", "/v3" })
        {
            Assert.StartsWith("ATTACH is not allowed", await IoError(client, version, $"ATTACH DATABASE '{victim}' AS v"));
            Assert.StartsWith("VACUUM is not allowed", await IoError(client, version, $"VACUUM INTO '{planted}'"));
            Assert.StartsWith("PRAGMA database_list is not allowed", await IoError(client, version, "PRAGMA database_list"));
            Assert.StartsWith("string or blob too big", await IoError(client, version, "SELECT length(randomblob(600000000) || randomblob(600000000))"));
            using var looping = await client.GetAsync($"{version}/sql?sql={Uri.EscapeDataString("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")}");
            Assert.Equal(HttpStatusCode.GatewayTimeout, looping.StatusCode);
        }

        Assert.False(File.Exists(planted));
        Assert.Equal(0, new FileInfo(victim).Length);
        Assert.Equal("[[{\"tag\":\"integer\",\"val\":\"1\"}]]", (await Sql(client, "/v3", "SELECT 1")).GetProperty("rows").GetRawText());
        served.Server.Signal("TERM");
        await served.Server.WaitForExit(TimeSpan.FromSeconds(30));
        var log = await served.Server.RemainingLines();
        Assert.Contains(log, l => l.Contains("cause=timeout after 2s", StringComparison.Ordinal) && l.Contains("component=v2", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("cause=timeout after 2s", StringComparison.Ordinal) && l.Contains("component=v3", StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();

    private static async Task<string> IoError(HttpClient client, string version, string sql)
    {
        var answer = await Sql(client, version, sql);
        Assert.True(answer.TryGetProperty("error", out var error), $"{sql} succeeded: {answer}");
        Assert.Equal("io", error.GetProperty("tag").GetString());
        return error.GetProperty("val").GetString()!;
    }

    private static async Task<JsonElement> Sql(HttpClient client, string version, string sql) =>
        JsonDocument.Parse(await client.GetStringAsync($"{version}/sql?sql={Uri.EscapeDataString(sql)}")).RootElement.Clone();
}
