using Capsule.Hosting.App;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Hosting.Services.RuntimeConfig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Capsule.Hosting.Tests.Services;

/// <summary>
/// The key-value guest (tests/guests/js/kv) served by real Kestrel from an app folder the test keeps,
/// so the same app can be stopped and served again (state in its <c>.capsule</c> folder survives).
/// Component <c>kv</c> lists <c>key_value_stores</c>; component <c>nokv</c> (routes under /nokv) lists none.
/// </summary>
public sealed class KeyValueApp : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly LoadedApp _app;

    private KeyValueApp(WebApplication web, LoadedApp app, HttpClient client)
    {
        _web = web;
        _app = app;
        Client = client;
    }

    /// <summary>A client of the served app.</summary>
    public HttpClient Client { get; }

    /// <summary>The manifest of an app whose <c>kv</c> component lists <paramref name="labels"/>.</summary>
    public static string Manifest(params string[] labels) => $$"""
        [application]
        name = "kv"

        [[trigger.http]]
        route = "/nokv/..."
        component = "nokv"

        [[trigger.http]]
        route = "/..."
        component = "kv"

        [component.kv]
        {{TestManifests.Source("kv-js.component.wasm")}}
        key_value_stores = [{{string.Join(", ", labels.Select(l => $"\"{l}\""))}}]

        [component.nokv]
        {{TestManifests.Source("kv-js.component.wasm")}}
        """;

    /// <summary>Serves the app of <paramref name="manifest"/> in <paramref name="folder"/> with <paramref name="runtimeConfig"/> (TOML text, if any).</summary>
    public static async Task<KeyValueApp> Start(HostingFixture hosting, string folder, string manifest, string? runtimeConfig = null)
    {
        var path = Path.Combine(folder, "capsule.toml");
        await File.WriteAllTextAsync(path, manifest);
        RuntimeConfigFile? config = null;
        if (runtimeConfig is not null)
        {
            var configPath = Path.Combine(folder, "runtime-config.toml");
            await File.WriteAllTextAsync(configPath, runtimeConfig);
            config = RuntimeConfigFile.Load(configPath, "runtime-config.toml");
        }
        var app = hosting.Factory.Load(path, new AppLoadOptions { StateDirectory = Path.Combine(folder, ".capsule"), RuntimeConfig = config });
        var web = hosting.Factory.Serve(app, new ServerOptions(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)), _ => { });
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
        return new KeyValueApp(web, app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>GETs <paramref name="path"/>: "200 body" or "500 error: …", the body's line end trimmed.</summary>
    public async Task<string> Get(string path)
    {
        using var response = await Client.GetAsync(path);
        return $"{(int)response.StatusCode} {(await response.Content.ReadAsStringAsync()).TrimEnd('\n')}";
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _web.StopAsync();
        await _web.DisposeAsync();
        _app.Dispose();
    }
}
