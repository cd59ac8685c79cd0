using Capsule.Plugins.Failures;
using Capsule.Runtime.Loading;
using Microsoft.Extensions.Logging;

namespace Capsule.Plugins.Components;

/// <summary>Loading, checking and hot-swapping a plugin's versions.</summary>
public sealed partial class ComponentPlugin
{
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(200);
    private readonly IDisposable? _watcher;
    private Timer? _settle;

    /// <summary>Raised after a reload: the new version's number, or the reason the old version stays.</summary>
    public event Action<PluginReload>? Reloaded;

    /// <summary>The last reload's outcome, if any.</summary>
    public PluginReload? LastReload { get; private set; }

    /// <summary>
    /// Loads the plugin's file again and, if it compiles and matches <see cref="World"/>, makes it the version new
    /// calls run (calls in flight finish on theirs). Compiles on the calling thread, never on a call's path.
    /// Otherwise the old version stays and <see cref="PluginLoadException"/> says why.
    /// </summary>
    public int Reload()
    {
        LoadedGuest guest;
        try
        {
            guest = LoadChecked();
        }
        catch (PluginLoadException e)
        {
            Report(new PluginReload(false, Version, e.Cause));
            throw;
        }
        int number;
        lock (_swap)
        {
            if (_disposed)
            {
                guest.Dispose();
                throw new ObjectDisposedException(nameof(ComponentPlugin));
            }
            var old = _current;
            number = old.Number + 1;
            Volatile.Write(ref _current, new PluginVersion(guest, number));
            old.Retire();
        }
        Report(new PluginReload(true, number, null));
        return number;
    }

    private void Report(PluginReload reload)
    {
        LastReload = reload;
        if (Options.Logger is { } log)
        {
            if (reload.Succeeded)
            {
                log.LogInformation(new EventId(3101, "PluginReloaded"), "plugin {Plugin}: version {Version} loaded from {Path}", Name, reload.Version, Path);
            }
            else
            {
                log.LogWarning(new EventId(3102, "PluginReloadFailed"), "plugin {Plugin}: the new file was refused, version {Version} stays: {Cause}", Name, reload.Version, reload.Error);
            }
        }
        Reloaded?.Invoke(reload);
    }

    // Loads the file and checks it exports every function of the world.
    private LoadedGuest LoadChecked()
    {
        LoadedGuest guest;
        try
        {
            guest = _host.Loader.Load(Path);
        }
        catch (WasmLoadException e)
        {
            throw new PluginLoadException(Name, e.Cause, e);
        }
        try
        {
            PluginExportCheck.Check(_host, guest, World, Name);
            return guest;
        }
        catch
        {
            guest.Dispose();
            throw;
        }
    }

    private FileSystemWatcher StartWatching()
    {
        var watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler changed = (_, _) => Settle();
        watcher.Changed += changed;
        watcher.Created += changed;
        watcher.Renamed += (_, _) => Settle();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    // A writer may change the file several times in a row: reload once it is quiet, on a pool thread.
    private void Settle()
    {
        lock (_swap)
        {
            if (_disposed)
            {
                return;
            }
            _settle ??= new Timer(_ => ReloadQuietly());
            _settle.Change(SettleTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void ReloadQuietly()
    {
        try
        {
            Reload();
        }
        catch (Exception e) when (e is PluginLoadException or ObjectDisposedException)
        {
            // Reported through Reloaded and the log; the old version stays.
        }
    }
}

/// <summary>The outcome of a reload: the version now serving, and why the new file was refused if it was.</summary>
public sealed record PluginReload(bool Succeeded, int Version, string? Error);
