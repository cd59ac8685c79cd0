using Capsule.Hosting.App;
using Capsule.Hosting.Http;
using Capsule.Hosting.Reuse;
using Microsoft.AspNetCore.Http;

namespace Capsule.AspNetCore;

/// <summary>
/// One app mapped by <c>MapCapsuleApp</c> or <c>MapWasm</c>: mapped when the
/// endpoints are built, loaded (compiled, linked, admission sized) by
/// <see cref="CapsuleStartup"/> before the server starts, then served by its
/// own <see cref="WasiHttpHandler"/> under its path base.
/// </summary>
internal sealed class MappedApp(string name, string basePath, Func<AppFactory, LoadedApp> load) : IDisposable
{
    private volatile WasiHttpHandler? _handler;
    private LoadedApp? _app;
    private WarmInstances? _warm;

    /// <summary>What the app is, for messages: its manifest or .wasm as given.</summary>
    public string Name { get; } = name;

    /// <summary>The path base ("" at the root).</summary>
    public string BasePath { get; } = basePath;

    /// <summary>Whether it serves.</summary>
    public bool IsLoaded => _handler is not null;

    /// <summary>Loads the app and makes its handler; a bad manifest or component throws <see cref="Runtime.Configuration.ManifestException"/>.</summary>
    public void Load(AppFactory factory, Func<LoadedApp, (WasiHttpHandler Handler, WarmInstances Warm)> serve)
    {
        var app = load(factory);
        try
        {
            (var handler, _warm) = serve(app);
            _app = app;
            _handler = handler;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>Serves one request; 503 with Retry-After while the app is not loaded yet.</summary>
    public Task HandleAsync(HttpContext context)
    {
        if (_handler is { } handler)
        {
            return handler.HandleAsync(context);
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return context.Response.WriteAsync("Service Unavailable: the app's components are still compiling\n");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _handler = null;
        _warm?.Dispose();
        _app?.Dispose();
    }
}
