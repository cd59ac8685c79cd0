using Capsule.Hosting.App;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Tests;

/// <summary>
/// A real capsule.toml in a temp folder, loaded and served by a real Kestrel
/// on 127.0.0.1 (a free port), with an HttpClient pointed at it.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private WebApplication? _web;
    private LoadedApp? _app;

    public LogCapture Logs { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>The served app's services (its triggers, admission, …).</summary>
    public IServiceProvider Services => _web!.Services;

    public static async Task<TestApp> Start(HostingFixture hosting, string manifest, ServerOptions? options = null)
    {
        var test = new TestApp();
        var path = test._dir.Combine("capsule.toml");
        await File.WriteAllTextAsync(path, manifest);
        try
        {
            test._app = hosting.Factory.Load(path, new AppLoadOptions { StateDirectory = test._dir.Combine(".capsule") });
            test._web = hosting.Factory.Serve(test._app, options ?? new ServerOptions(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)), logging => logging.AddProvider(test.Logs));
            await test._web.StartAsync();
        }
        catch
        {
            await test.DisposeAsync();
            throw;
        }
        var address = test._web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        test.Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        return test;
    }

    /// <summary>Stops the server as SIGTERM would: graceful, within its shutdown timeout.</summary>
    public Task StopAsync() => _web!.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_web is not null)
        {
            await _web.StopAsync();
            await _web.DisposeAsync();
        }
        _app?.Dispose();
        _dir.Dispose();
    }
}
