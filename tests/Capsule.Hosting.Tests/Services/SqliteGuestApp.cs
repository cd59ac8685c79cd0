using System.Text.Json;
using Capsule.Hosting.App;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Hosting.Services.RuntimeConfig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Tests.Services;

/// <summary>
/// The Spin 2 and Spin 3 SQLite guests (tests/guests/js/spin2, spin3) served by real Kestrel from a folder the
/// test keeps: <c>/v2/sql</c> and <c>/v3/sql</c> run one statement on a label (<c>sqlite_databases</c> lists
/// <c>default</c> and any other labels given), with a time limit, logs captured.
/// </summary>
public sealed class SqliteGuestApp : IAsyncDisposable
{
    /// <summary>The two interfaces' route prefixes, for tests that run on both.</summary>
    public static readonly TheoryData<string> Versions = new() { "/v2", "/v3" };

    private readonly WebApplication _web;
    private readonly LoadedApp _app;

    private SqliteGuestApp(WebApplication web, LoadedApp app, HttpClient client, LogCapture logs)
    {
        _web = web;
        _app = app;
        Client = client;
        Logs = logs;
    }

    /// <summary>A client of the served app.</summary>
    public HttpClient Client { get; }

    /// <summary>Every line the server logged.</summary>
    public LogCapture Logs { get; }

    /// <summary>Serves the guests from <paramref name="folder"/> (state in its <c>.capsule</c>) with <paramref name="runtimeConfig"/> (TOML text, if any).</summary>
    public static async Task<SqliteGuestApp> Start(HostingFixture hosting, string folder, string? runtimeConfig = null, string timeout = "30s", params string[] labels)
    {
        var list = string.Join(", ", new[] { "default" }.Concat(labels).Select(l => $"\"{l}\""));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "capsule.toml");
        await File.WriteAllTextAsync(path, $$"""
            [application]
            name = "sql"

            [[trigger.http]]
            route = "/v2/..."
            component = "v2"

            [[trigger.http]]
            route = "/v3/..."
            component = "v3"

            [component.v2]
            {{TestManifests.Source("spin2-js.component.wasm")}}
            sqlite_databases = [{{list}}]
            limits = { timeout = "{{timeout}}" }

            [component.v3]
            {{TestManifests.Source("spin3-js.component.wasm")}}
            sqlite_databases = [{{list}}]
            limits = { timeout = "{{timeout}}" }
            """);
        RuntimeConfigFile? config = null;
        if (runtimeConfig is not null)
        {
            var configPath = Path.Combine(folder, "runtime-config.toml");
            await File.WriteAllTextAsync(configPath, runtimeConfig);
            config = RuntimeConfigFile.Load(configPath, "runtime-config.toml");
        }
        var logs = new LogCapture();
        var app = hosting.Factory.Load(path, new AppLoadOptions { StateDirectory = Path.Combine(folder, ".capsule"), RuntimeConfig = config });
        var web = hosting.Factory.Serve(app, new ServerOptions(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)), logging => logging.AddProvider(logs));
        try
        {
            await web.StartAsync();
        }
        catch
        {
            await web.DisposeAsync();
            app.Dispose();
            throw;
        }
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SqliteGuestApp(web, app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(120) }, logs);
    }

    /// <summary>Runs <paramref name="sql"/> through the guest of <paramref name="version"/> ("/v2", "/v3"): its JSON answer.</summary>
    public async Task<JsonElement> Sql(string version, string sql, string parameters = "[]", string database = "default")
    {
        var text = await Client.GetStringAsync($"{version}/sql?db={database}&sql={Uri.EscapeDataString(sql)}&params={Uri.EscapeDataString(parameters)}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The error the guest got, as "tag: value" ("io: …", "database-full"), or fails when the statement succeeded.</summary>
    public async Task<string> Error(string version, string sql, string parameters = "[]", string database = "default")
    {
        var answer = await Sql(version, sql, parameters, database);
        Assert.True(answer.TryGetProperty("error", out var error), $"{sql} succeeded: {answer}");
        return error.TryGetProperty("val", out var value) ? $"{error.GetProperty("tag").GetString()}: {value.GetString()}" : error.GetProperty("tag").GetString()!;
    }

    /// <summary>The rows of a statement that must succeed, as JSON text.</summary>
    public async Task<string> Rows(string version, string sql, string parameters = "[]", string database = "default")
    {
        var answer = await Sql(version, sql, parameters, database);
        Assert.False(answer.TryGetProperty("error", out _), $"{sql} failed: {answer}");
        return answer.GetProperty("rows").GetRawText();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _web.StopAsync();
        await _web.DisposeAsync();
        _app.Dispose();
    }
}
