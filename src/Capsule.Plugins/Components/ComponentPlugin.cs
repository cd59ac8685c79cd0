using Capsule.Plugins.Failures;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wit.Model;

namespace Capsule.Plugins.Components;

/// <summary>
/// A component plugin: loaded once (through the artifact cache), checked at load against the
/// <see cref="PluginWorld"/> the app expects, called dynamically by export name with .NET values
/// (<see cref="ValueCodec"/> describes the mapping). Each call runs in a fresh instance, or one reused for up to
/// <see cref="ComponentPluginOptions.MaxCallsPerInstance"/> calls; a call that traps, times out, runs out of
/// memory or fuel, or is cancelled throws a <see cref="PluginException"/> and its instance is dropped.
/// <see cref="Reload"/> (or a change of the file, with <see cref="ComponentPluginOptions.WatchFile"/>) swaps in a
/// new version: calls in flight finish on the old one; a version that does not load or match keeps the old.
/// Thread-safe: calls run concurrently, each in its own instance.
/// </summary>
public sealed partial class ComponentPlugin : IDisposable
{
    private readonly PluginHost _host;
    private readonly Lock _swap = new();
    private PluginVersion _current;
    private bool _disposed;

    internal ComponentPlugin(PluginHost host, string path, PluginWorld world, ComponentPluginOptions options)
    {
        _host = host;
        Path = System.IO.Path.GetFullPath(path);
        World = world;
        Options = options;
        Name = options.Name ?? System.IO.Path.GetFileName(path);
        _current = new PluginVersion(LoadChecked(), 1);
        if (options.WatchFile)
        {
            _watcher = StartWatching();
        }
    }

    /// <summary>The plugin's name in errors and logs.</summary>
    public string Name { get; }

    /// <summary>The plugin's file.</summary>
    public string Path { get; }

    /// <summary>The world the plugin was checked against.</summary>
    public PluginWorld World { get; }

    /// <summary>How the plugin runs.</summary>
    public ComponentPluginOptions Options { get; }

    /// <summary>The version new calls run: 1 at load, one more per successful reload.</summary>
    public int Version => Volatile.Read(ref _current).Number;

    /// <summary>Calls <paramref name="function"/> (a name of <see cref="World"/>) with <paramref name="args"/>; returns its result (null for none).</summary>
    public object? Call(string function, params object?[] args) => Call(function, args, null, default);

    /// <summary>
    /// Calls <paramref name="function"/> with <paramref name="args"/> within <paramref name="options"/>' bounds.
    /// Throws <see cref="ArgumentException"/> for arguments that do not fit the signature (before the guest runs),
    /// a <see cref="PluginException"/> subtype when the call fails.
    /// </summary>
    public object? Call(string function, object?[] args, PluginCallOptions? options, CancellationToken cancel = default)
    {
        var target = World.Find(function);
        var parameters = target.Wit.Params;
        if (args.Length != parameters.Count)
        {
            throw new ArgumentException($"{target.Key} takes {parameters.Count} arguments ({string.Join(", ", parameters.Select(p => p.Name))}), not {args.Length}", nameof(args));
        }
        var limits = Options.Limits with { Timeout = options?.Timeout ?? Options.Limits.Timeout, Fuel = options?.Fuel ?? Options.Limits.Fuel };
        var version = Hold();
        try
        {
            var instance = version.TakeIdle() ?? new PluginInstance(_host.Wasi, version.Guest.Component!, Options.Grants, Options.Output);
            using var deadline = new RunDeadline(limits.Timeout, cancel);
            object? result;
            try
            {
                var started = instance.Start(deadline, limits);
                result = started.Call(target.Interface, target.Wit.ExternName, parameters.Count, values => WriteArgs(values, parameters, args),
                    target.Wit.Result is null ? 0 : 1, values => target.Wit.Result is { } type ? ValueCodec.Read(values[0], type) : null);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                // The arguments did not fit: the guest never ran, the instance is as it was.
                version.ReturnIdle(instance);
                throw;
            }
            catch (Exception e) when (e is ComponentCallException or RunStoppedException)
            {
                instance.Dispose();
                throw CallFailures.FromComponent(e, Name, target.Key, deadline, limits);
            }
            instance.Served++;
            if (instance.Served < Options.MaxCallsPerInstance)
            {
                version.ReturnIdle(instance);
            }
            else
            {
                instance.Dispose();
            }
            return result;
        }
        finally
        {
            version.Release();
        }
    }

    private static void WriteArgs(ValSpan values, IReadOnlyList<Param> parameters, object?[] args)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            ValueCodec.Write(values[i], parameters[i].Type, args[i], parameters[i].Name);
        }
    }

    private PluginVersion Hold()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var version = Volatile.Read(ref _current);
            if (version.TryHold())
            {
                return version;
            }
        }
    }

    /// <summary>Stops watching and releases the current version once its calls end.</summary>
    public void Dispose()
    {
        lock (_swap)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _watcher?.Dispose();
            _settle?.Dispose();
            _current.Retire();
        }
    }
}
