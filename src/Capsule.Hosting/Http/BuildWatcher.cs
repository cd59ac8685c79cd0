using System.Collections.Concurrent;
using Capsule.Hosting.App;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>
/// <c>capsule up --watch</c>, as <c>spin watch</c>: when a file matching a component's
/// <c>[component.x.build] watch</c> globs (relative to its build folder) changes, the component's build
/// commands run (once the burst of changes has settled) and, if they succeed, the app is reloaded through
/// <see cref="AppReloader"/> without a restart. A failed build changes nothing: the running version keeps
/// serving and the log says why; a rebuilt component that no longer loads or links is a failed reload,
/// which also keeps the running version. Builds run one at a time.
/// </summary>
public sealed partial class BuildWatcher : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly AppManifest _manifest;
    private readonly AppVersions _versions;
    private readonly AppReloader _reloader;
    private readonly ILogger _logger;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ConcurrentDictionary<string, string> _changed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _requested = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Watches the build globs of <paramref name="manifest"/>'s components (the version that started).</summary>
    public BuildWatcher(AppManifest manifest, AppVersions versions, AppReloader reloader, ILogger logger)
    {
        _manifest = manifest;
        _versions = versions;
        _reloader = reloader;
        _logger = logger;
        foreach (var (id, component) in manifest.Components)
        {
            if (component.Build is { Watch.Count: > 0 } build)
            {
                Watch(id, component, build);
            }
        }
        _loop = Task.Run(Loop);
    }

    /// <summary>The source files of the components this rebuilds: their own changes are the builds', not edits.</summary>
    public static IReadOnlySet<string> RebuiltSources(AppManifest manifest) =>
        manifest.Components.Values.Where(c => c.Build is { Watch.Count: > 0 }).Select(c => Path.GetFullPath(c.Source)).ToHashSet(StringComparer.Ordinal);

    private void Watch(string id, ComponentManifest component, BuildCommand build)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var glob in build.Watch)
        {
            if (glob.Length == 0 || Path.IsPathRooted(glob) || glob.Replace('\\', '/').Split('/').Contains(".."))
            {
                // Only the component's own folder is watched.
                IgnoredGlob(_logger, id, glob);
                continue;
            }
            matcher.AddInclude(glob);
        }
        var source = Path.GetFullPath(component.Source);
        var watcher = new FileSystemWatcher(build.WorkingDirectory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.DirectoryName,
        };
        void Changed(object _, FileSystemEventArgs e)
        {
            var relative = Path.GetRelativePath(build.WorkingDirectory, e.FullPath);
            if (!string.Equals(e.FullPath, source, StringComparison.Ordinal) && matcher.Match(relative).HasMatches)
            {
                _changed[id] = relative;
                _requested.Release();
            }
        }
        watcher.Changed += Changed;
        watcher.Created += Changed;
        watcher.Deleted += Changed;
        watcher.Renamed += (sender, e) => Changed(sender, e);
        watcher.EnableRaisingEvents = true;
        _watchers.Add(watcher);
    }

    private async Task Loop()
    {
        try
        {
            while (true)
            {
                await _requested.WaitAsync(_stop.Token);
                // Editors write a file in several steps: let the burst settle, then one build for all of it.
                await Task.Delay(Settle, _stop.Token);
                while (_requested.CurrentCount > 0)
                {
                    await _requested.WaitAsync(_stop.Token);
                }
                BuildChanged();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void BuildChanged()
    {
        var rebuilt = new List<string>();
        foreach (var id in _changed.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!_changed.TryRemove(id, out var file))
            {
                continue;
            }
            Building(_logger, file, id);
            try
            {
                ComponentBuilder.Build(_manifest, id, _ => { });
                rebuilt.Add(id);
            }
            catch (Exception e) when (e is ManifestException or IOException or System.ComponentModel.Win32Exception)
            {
                BuildFailed(_logger, id, _versions.Current.Number, e.Message);
            }
        }
        if (rebuilt.Count > 0)
        {
            _reloader.Request($"rebuilt {string.Join(", ", rebuilt.Select(id => $"'{id}'"))}");
        }
    }

    /// <summary>Stops watching; a build under way finishes first.</summary>
    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromMinutes(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the cancellation.
        }
        _stop.Dispose();
        _requested.Dispose();
    }

    [LoggerMessage(244, LogLevel.Information, "watch: {File} changed: building component '{Component}'")]
    private static partial void Building(ILogger logger, string file, string component);

    [LoggerMessage(245, LogLevel.Warning, "watch: building component '{Component}' failed, version {Version} keeps serving: {Cause}")]
    private static partial void BuildFailed(ILogger logger, string component, int version, string cause);

    [LoggerMessage(246, LogLevel.Warning, "watch: component '{Component}': watch glob '{Glob}' leaves its folder and is not watched")]
    private static partial void IgnoredGlob(ILogger logger, string component, string glob);
}
