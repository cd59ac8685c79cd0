using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Capsule.Cli.Tests;

/// <summary>
/// SQLite and variables through the real <c>capsule up</c>: componentize-js guests of Spin 2's
/// (<c>fermyon:spin/sqlite</c>, <c>variables</c>) and Spin 3's interfaces (<c>spin:sqlite</c>,
/// <c>wasi:config/store</c>) over HTTP, the <c>default</c> database in the app's <c>.capsule/</c>
/// folder across restarts, <c>--sqlite</c> seeding, and a required variable with no value.
/// </summary>
public sealed partial class SqliteAndVariablesUpTests : IDisposable
{
    private const string Secret = "s3cret-t0ken";
    private readonly TempDir _temp = new();

    private string App => _temp.Combine("app");

    [Fact]
    public async Task Guests_use_the_default_database_and_their_variables_and_the_data_survives_a_restart()
    {
        WriteApp();
        File.WriteAllText(Path.Combine(App, "seed.sql"), "INSERT INTO seeded VALUES (1); INSERT INTO seeded VALUES (2);");
        using (var served = await Up(("CAPSULE_VARIABLE_API_TOKEN", Secret), "--sqlite", "CREATE TABLE seeded (x INTEGER)", "--sqlite", "@" + Path.Combine(App, "seed.sql")))
        {
            var client = served.Client;
            Assert.Equal(2, (await Sql(client, "/v2", "SELECT x FROM seeded")).GetProperty("rows").GetArrayLength());
            Assert.Equal(0, (await Sql(client, "/v2", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT, b BLOB, z)")).GetProperty("rows").GetArrayLength());
            var inserted = await Sql(client, "/v2", "INSERT INTO t (n, r, s, b, z) VALUES (?, ?, ?, ?, ?)",
                """[{"tag":"integer","val":"9007199254740993"},{"tag":"real","val":1.5},{"tag":"text","val":"it's'); DROP TABLE t; --"},{"tag":"blob","val":[0,1,255]},{"tag":"null"}]""");
            Assert.False(inserted.TryGetProperty("error", out _), inserted.ToString());

            var selected = await Sql(client, "/v2", "SELECT * FROM t WHERE n = ?", """[{"tag":"integer","val":"9007199254740993"}]""");
            Assert.Equal(["id", "n", "r", "s", "b", "z"], selected.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(
                """[{"tag":"integer","val":"1"},{"tag":"integer","val":"9007199254740993"},{"tag":"real","val":1.5},{"tag":"text","val":"it's'); DROP TABLE t; --"},{"tag":"blob","val":[0,1,255]},{"tag":"null"}]""",
                selected.GetProperty("rows")[0].GetRawText());

            var bad = await Sql(client, "/v2", "SELEC nothing");
            Assert.Equal("io", bad.GetProperty("error").GetProperty("tag").GetString());
            Assert.Contains("syntax error", bad.GetProperty("error").GetProperty("val").GetString());
            var denied = await Sql(client, "/denied", "SELECT 1");
            Assert.Equal("access-denied", denied.GetProperty("error").GetProperty("tag").GetString());

            // Spin 3's interface sees the same database, with last-insert-rowid and changes.
            var v3 = await Sql(client, "/v3", "INSERT INTO t (n) VALUES (?)", """[{"tag":"integer","val":"-9223372036854775808"}]""");
            Assert.Equal("2", v3.GetProperty("lastInsertRowid").GetString());
            Assert.Equal("1", v3.GetProperty("changes").GetString());

            Assert.Equal("hello, world", (await Get(client, "/v2/var?name=message")).GetProperty("value").GetString());
            Assert.Equal($"Bearer {Secret}", (await Get(client, "/v2/var?name=token")).GetProperty("value").GetString());
            Assert.Equal("undefined", (await Get(client, "/v2/var?name=nope")).GetProperty("error").GetProperty("tag").GetString());
            Assert.Equal("hello from config", (await Get(client, "/v3/var?name=message")).GetProperty("value").GetString());
            Assert.Equal(JsonValueKind.Null, (await Get(client, "/v3/var?name=token")).GetProperty("value").ValueKind);
            Assert.Equal("""[["message","hello from config"]]""", (await Get(client, "/v3/all")).GetProperty("values").GetRawText());

            served.Server.Signal("TERM");
            Assert.Equal(0, await served.Server.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.DoesNotContain(await served.Server.RemainingLines(), l => l.Contains(Secret, StringComparison.Ordinal));
        }

        using var restarted = await Up(("SPIN_VARIABLE_API_TOKEN", "other"));
        var rows = await Sql(restarted.Client, "/v3", "SELECT n FROM t ORDER BY id");
        Assert.Equal("""[[{"tag":"integer","val":"9007199254740993"}],[{"tag":"integer","val":"-9223372036854775808"}]]""", rows.GetProperty("rows").GetRawText());
        Assert.Equal("Bearer other", (await Get(restarted.Client, "/v2/var?name=token")).GetProperty("value").GetString());
    }

    [Fact]
    public void A_required_variable_without_a_value_stops_capsule_up_with_one_line_naming_it()
    {
        WriteApp();

        var result = CapsuleProcess.Run(_temp.Combine("cache"), "up", App, "--listen", "127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("capsule.toml:3: variables.api_token: required variable has no value", line);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void A_default_database_that_is_not_a_database_stops_capsule_up_naming_the_file()
    {
        WriteApp();
        Directory.CreateDirectory(Path.Combine(App, ".capsule"));
        File.WriteAllText(Path.Combine(App, ".capsule", "sqlite.db"), "this is not a database, it is text long enough to have a header");
        File.WriteAllText(Path.Combine(App, ".env"), $"CAPSULE_VARIABLE_API_TOKEN={Secret}\n");

        var result = CapsuleProcess.Run(_temp.Combine("cache"), "up", App, "--listen", "127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"component.v2.sqlite_databases[0]: database \"default\": {Path.Combine(App, ".capsule", "sqlite.db")}: is not an SQLite database", line);
        Assert.DoesNotContain(Secret, result.Stderr + result.Stdout);
    }

    public void Dispose() => _temp.Dispose();

    private void WriteApp()
    {
        Directory.CreateDirectory(App);
        File.WriteAllText(Path.Combine(App, "capsule.toml"), $$$"""
            spin_manifest_version = 2
            [variables]
            api_token = { required = true, secret = true }
            greeting = { default = "hello" }

            [application]
            name = "sqlvars"

            [[trigger.http]]
            route = "/v2/..."
            component = "v2"

            [[trigger.http]]
            route = "/v3/..."
            component = "v3"

            [[trigger.http]]
            route = "/denied/..."
            component = "denied"

            [component.v2]
            source = "{{{Guests.Get("spin2-js.component.wasm")}}}"
            sqlite_databases = ["default"]
            [component.v2.variables]
            message = "{{ greeting }}, world"
            token = "Bearer {{ api_token }}"

            [component.v3]
            source = "{{{Guests.Get("spin3-js.component.wasm")}}}"
            sqlite_databases = ["default"]
            [component.v3.variables]
            message = "{{ greeting }} from config"

            [component.denied]
            source = "{{{Guests.Get("spin2-js.component.wasm")}}}"
            """);
    }

    private async Task<ServedCapsule> Up((string Name, string Value) variable, params string[] flags)
    {
        var start = CapsuleProcess.StartInfo(_temp.Combine("cache"), ["up", App, "--listen", "127.0.0.1:0", .. flags]);
        start.Environment[variable.Name] = variable.Value;
        var server = new RunningCapsule(Process.Start(start)!);
        try
        {
            var serving = await server.WaitForLine(l => l.StartsWith("Serving sqlvars on ", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
            return new ServedCapsule(server, new HttpClient { BaseAddress = new Uri(AddressInLine().Match(serving).Value), Timeout = TimeSpan.FromSeconds(60) });
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private static Task<JsonElement> Sql(HttpClient client, string prefix, string sql, string parameters = "[]") =>
        Get(client, $"{prefix}/sql?sql={Uri.EscapeDataString(sql)}&params={Uri.EscapeDataString(parameters)}");

    private static async Task<JsonElement> Get(HttpClient client, string path) =>
        JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.Clone();

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex AddressInLine();
}
