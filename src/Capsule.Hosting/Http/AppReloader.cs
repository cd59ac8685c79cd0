using System.Diagnostics;
using System.Runtime.InteropServices;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Http;

/// <summary>
/// Loads a new version of the app beside the running one and swaps it in (<see cref="AppVersions.Swap"/>)
/// on SIGHUP and, when asked, when the manifest or a component's file changes. Reloads run one at a
/// time; requests for one while another runs fold into one more. A version that fails to load (bad
/// manifest, a component that does not compile or link, admission that cannot hold) leaves the running
/// one serving: logged, and counted in <c>capsule.app.reloads{capsule.outcome=failed}</c>.
/// </summary>
public sealed class AppReloader : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly AppVersions _versions;
    private readonly Func<LoadedApp> _load;
    private readonly ILogger _logger;
    private readonly PosixSignalRegistration _hangUp;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly SemaphoreSlim _requested = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private string _cause = "SIGHUP";

    /// <summary>
    /// Reloads <paramref name="versions"/> with <paramref name="load"/> (which reads the manifest and
    /// compiles, throwing on failure) on SIGHUP, and on changes of the current version's manifest and
    /// component files when <paramref name="watchFiles"/>, except <paramref name="rebuiltSources"/> (components
    /// <c>--watch</c> rebuilds: <see cref="BuildWatcher"/> reloads once their build has succeeded).
    /// </summary>
    public AppReloader(AppVersions versions, Func<LoadedApp> load, bool watchFiles, ILogger logger, IReadOnlySet<string>? rebuiltSources = null)
    {
        _versions = versions;
        _load = load;
        _logger = logger;
        // Started under nohup, SIGHUP arrives ignored: take it back so that it still reloads.
        Runtime.Native.SignalDisposition.Restore(Runtime.Native.SignalDisposition.HangUp);
        _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true; // SIGHUP would otherwise end the process
            Request("SIGHUP");
        });
        if (watchFiles)
        {
            Watch(versions.Current.App.Manifest, rebuiltSources ?? new HashSet<string>());
        }
        _loop = Task.Run(Loop);
    }

    /// <summary>Asks for a reload (<paramref name="cause"/> is logged); returns at once.</summary>
    public void Request(string cause)
    {
        _cause = cause;
        _requested.Release();
    }

    private async Task Loop()
    {
        try
        {
            while (true)
            {
                await _requested.WaitAsync(_stop.Token);
                // Editors write a file in several steps: let the burst settle, then one reload for all of it.
                await Task.Delay(Settle, _stop.Token);
                while (_requested.CurrentCount > 0)
                {
                    await _requested.WaitAsync(_stop.Token);
                }
                Reload(_cause);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Reload(string cause)
    {
        var current = _versions.Current;
        ReloadLog.Loading(_logger, cause, current.Number);
        var started = Stopwatch.StartNew();
        LoadedApp? next = null;
        try
        {
            next = _load();
            var version = _versions.Swap(next);
            ReloadLog.Reloads.Add(1, new KeyValuePair<string, object?>("capsule.outcome", "loaded"));
            ReloadLog.Serving(_logger, version.Number, started.ElapsedMilliseconds, current.Number, current.InFlight);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            next?.Dispose();
            ReloadLog.Reloads.Add(1, new KeyValuePair<string, object?>("capsule.outcome", "failed"));
            ReloadLog.Failed(_logger, current.Number, e is ManifestException or IOException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }
    }

    // The manifest and each component's file: a change to any of them reloads the app.
    private void Watch(AppManifest manifest, IReadOnlySet<string> skip)
    {
        var files = manifest.Components.Values.Select(c => c.Source).Append(manifest.Path)
            .Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Where(f => !skip.Contains(f));
        foreach (var folder in files.GroupBy(f => Path.GetDirectoryName(f)!, StringComparer.Ordinal))
        {
            if (!Directory.Exists(folder.Key))
            {
                continue;
            }
            var names = folder.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var watcher = new FileSystemWatcher(folder.Key) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            void Changed(object _, FileSystemEventArgs e)
            {
                if (names.Contains(e.Name ?? ""))
                {
                    Request($"{e.Name} changed");
                }
            }
            watcher.Changed += Changed;
            watcher.Created += Changed;
            watcher.Renamed += (sender, e) => Changed(sender, e);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>Stops listening for SIGHUP and file changes; a reload under way finishes first.</summary>
    public void Dispose()
    {
        _hangUp.Dispose();
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
}
