using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Capsule.AspNetCore.Tests;

/// <summary>
/// The test site (tests/Capsule.AspNetCore.TestSite, a `dotnet new web` Program.cs) started by
/// WebApplicationFactory with the apps, components and settings a test gives, over real guests
/// from tests/guests/out and manifests in a temp folder.
/// </summary>
public sealed class Site : IDisposable
{
    // One compiled-component cache for the whole run: each guest compiles once.
    private static readonly string Cache = Path.Combine(Path.GetTempPath(), "capsule-aspnetcore-tests-cache");

    private readonly Dictionary<string, string?> _settings = new() { ["Capsule:CacheFolder"] = Cache };
    private int _apps;
    private int _wasm;

    public TempDir Folder { get; } = new();

    /// <summary>Every log entry: category, event id, message.</summary>
    public ConcurrentQueue<(string Category, int EventId, string Message)> Logs { get; } = new();

    /// <summary>Maps the app of <paramref name="manifest"/> (TOML text, written to a folder of its own) under <paramref name="pathBase"/>.</summary>
    public Site App(string pathBase, string manifest, string? policy = null)
    {
        var folder = Folder.Combine($"app{_apps}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "capsule.toml"), manifest);
        _settings[$"Site:Apps:{_apps}:Base"] = pathBase;
        _settings[$"Site:Apps:{_apps}:Manifest"] = Path.Combine(folder, "capsule.toml");
        _settings[$"Site:Apps:{_apps}:Policy"] = policy;
        _apps++;
        return this;
    }

    /// <summary>Maps one guest of tests/guests/out on <paramref name="pattern"/>.</summary>
    public Site Wasm(string pattern, string guest, TimeSpan? timeout = null, string? policy = null)
    {
        _settings[$"Site:Wasm:{_wasm}:Policy"] = policy;
        _settings[$"Site:Wasm:{_wasm}:Pattern"] = pattern;
        _settings[$"Site:Wasm:{_wasm}:Path"] = Guests.Get(guest);
        _settings[$"Site:Wasm:{_wasm}:Timeout"] = timeout?.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        _wasm++;
        return this;
    }

    /// <summary>Sets a configuration value, e.g. <c>Capsule:MemoryBudget</c>.</summary>
    public Site Setting(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>The factory; creating its client starts the site.</summary>
    public WebApplicationFactory<Program> Start() =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in _settings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureLogging(logging => logging.AddProvider(new Capture(Logs)));
        });

    /// <summary>Whether <paramref name="path"/> has an access line of capsule up's (event 200, or 207 with the run's cost) within 10 s: it is written as the request ends.</summary>
    public async Task<bool> Served(string path)
    {
        for (var waited = 0; waited < 10_000; waited += 50)
        {
            if (Logs.Any(l => l.Category == HandlerCategory && l.EventId is 200 or 207 && l.Message.Contains($" {path} ", StringComparison.Ordinal)))
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>The category of capsule up's request log, which mapped apps share.</summary>
    public const string HandlerCategory = "Capsule.Hosting.Http.WasiHttpHandler";

    public void Dispose() => Folder.Dispose();

    public static string Probe(string name = "probe") => $$"""
        [application]
        name = "{{name}}"
        [[trigger.http]]
        route = "/..."
        component = "probe"
        [component.probe]
        {{TestManifests.Source("probe-js.component.wasm")}}
        """;

    private sealed class Capture(ConcurrentQueue<(string, int, string)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, int, string)> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue((category, eventId.Id, formatter(state, exception)));
    }
}
