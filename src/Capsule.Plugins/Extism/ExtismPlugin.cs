using System.Text;
using Capsule.Plugins.Failures;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmtime;

namespace Capsule.Plugins.Extism;

/// <summary>
/// An Extism plugin: a core module importing <c>extism:host/env</c> (built with any Extism PDK), called by
/// export name with bytes in and bytes out, bounded by its <see cref="ExtismManifest"/> (config, allowed
/// hosts, memory, timeout). As in Extism, one instance serves the calls in turn (its globals persist) and
/// vars persist for the plugin's life; unlike Extism, an instance whose call failed (trap, timeout, memory,
/// cancel, an error the plugin set) is dropped and the next call gets a fresh one. Calls are serialized.
/// </summary>
public sealed class ExtismPlugin : IDisposable
{
    private const string Wasi = "wasi_snapshot_preview1";

    private readonly LoadedGuest _guest;
    private readonly ExtismPluginOptions _options;
    private readonly ExtismCallState _state;
    private readonly Linker _linker;
    private readonly ResourceLimits _limits;
    private readonly HashSet<string> _exports;
    private readonly Lock _gate = new();
    private Store? _store;
    private Instance? _instance;
    private bool _disposed;

    private ExtismPlugin(CapsuleEngine engine, LoadedGuest guest, ExtismManifest manifest, ExtismPluginOptions options)
    {
        _guest = guest;
        _options = options;
        Name = options.Name ?? Path.GetFileName(guest.Path);
        Manifest = manifest;
        Engine = engine;
        var module = guest.Module ?? throw new PluginLoadException(Name, "is a component; an Extism plugin is a core module");
        CheckImports(module);
        _exports = [.. module.Exports.OfType<FunctionExport>().Select(e => e.Name)];
        _limits = new ResourceLimits { MaxMemoryBytes = manifest.Memory.MaxBytes, Timeout = manifest.Timeout, Fuel = options.Fuel };
        if (options.Fuel is not null && !engine.Settings.ConsumeFuel)
        {
            throw new PluginLoadException(Name, "a fuel limit needs an engine built with ConsumeFuel = true");
        }
        _state = new ExtismCallState(manifest);
        _linker = new Linker(engine.WasmEngine);
        ExtismKernel.Define(_linker, _state, options.Logger ?? NullLogger.Instance);
        if (options.Wasi)
        {
            _linker.DefineWasi();
        }
    }

    /// <summary>Loads the plugin at <paramref name="wasmPath"/> (compiled through <paramref name="cache"/> when given).</summary>
    public static ExtismPlugin Load(CapsuleEngine engine, string wasmPath, ExtismManifest? manifest = null, ExtismPluginOptions? options = null, ArtifactCache? cache = null)
    {
        LoadedGuest guest;
        try
        {
            guest = new GuestLoader(engine, cache).Load(wasmPath);
        }
        catch (WasmLoadException e)
        {
            throw new PluginLoadException(options?.Name ?? Path.GetFileName(wasmPath), e.Cause, e);
        }
        try
        {
            return new ExtismPlugin(engine, guest, manifest ?? new ExtismManifest(), options ?? new ExtismPluginOptions());
        }
        catch
        {
            guest.Dispose();
            throw;
        }
    }

    /// <summary>Loads the plugin an Extism JSON manifest file describes (<see cref="ExtismManifestReader"/>).</summary>
    public static ExtismPlugin FromManifestFile(CapsuleEngine engine, string manifestPath, ExtismPluginOptions? options = null, ArtifactCache? cache = null)
    {
        var (wasm, manifest) = ExtismManifestReader.ReadFile(manifestPath);
        return Load(engine, wasm, manifest, options, cache);
    }

    /// <summary>The plugin's name in errors and logs (its file name unless the options give one).</summary>
    public string Name { get; }

    /// <summary>The manifest the plugin runs under.</summary>
    public ExtismManifest Manifest { get; }

    /// <summary>The engine the plugin runs on.</summary>
    public CapsuleEngine Engine { get; }

    /// <summary>The plugin's vars now (a copy).</summary>
    public IReadOnlyDictionary<string, byte[]> Vars
    {
        get
        {
            lock (_gate)
            {
                return _state.Vars;
            }
        }
    }

    /// <summary>Whether the plugin exports a function named <paramref name="function"/>.</summary>
    public bool FunctionExists(string function) => _exports.Contains(function);

    /// <summary>Calls <paramref name="function"/> with <paramref name="input"/> as UTF-8; returns its output as UTF-8.</summary>
    public string Call(string function, string input, CancellationToken cancel = default) =>
        Encoding.UTF8.GetString(Call(function, Encoding.UTF8.GetBytes(input), cancel));

    /// <summary>
    /// Calls <paramref name="function"/> with <paramref name="input"/> and returns the output it set. A failure
    /// throws a <see cref="PluginException"/>: <see cref="PluginErrorException"/> for an error the plugin set
    /// or a non-zero return, <see cref="PluginTimeoutException"/>, <see cref="PluginMemoryException"/>,
    /// <see cref="PluginTrapException"/>, <see cref="PluginCancelledException"/>, <see cref="PluginFuelException"/>.
    /// </summary>
    public byte[] Call(string function, ReadOnlySpan<byte> input, CancellationToken cancel = default)
    {
        if (!_exports.Contains(function) || function is "_initialize" or "_start")
        {
            throw new ArgumentException($"plugin {Name} exports no function '{function}' (it exports {string.Join(", ", _exports.Order())})", nameof(function));
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var deadline = new RunDeadline(_limits.Timeout, cancel);
            int code;
            try
            {
                _state.Begin(input, deadline);
                var instance = _instance ?? Instantiate();
                if (_options.Fuel is { } fuel)
                {
                    _store!.Fuel = fuel;
                }
                code = instance.GetFunction(function)!.Invoke() is int rc ? rc : 0;
            }
            catch (Exception e) when (e is WasmtimeException or RunStoppedException or ExtismHostException or ExtismMemoryAccessException)
            {
                var reached = MemoryLimitReached();
                Retire();
                throw CallFailures.From(e, Name, function, deadline, _limits, reached);
            }
            var error = _state.ErrorMessage();
            if (error is not null || code != 0)
            {
                var reached = MemoryLimitReached();
                Retire();
                var message = error ?? $"returned {code} without an error message";
                throw reached
                    ? new PluginMemoryException(Name, function, _limits.MaxMemoryBytes, message)
                    : new PluginErrorException(Name, function, message, code);
            }
            return _state.Output();
        }
    }

    private Instance Instantiate()
    {
        var store = new Store(Engine.WasmEngine);
        store.SetLimits(memorySize: _limits.MaxMemoryBytes);
        var state = _state;
        store.SetEpochDeadlineCallback(_ => state.Deadline.OnTick() ? throw state.Deadline.Stopped() : CapsuleEngine.DeadlineCheckTicks);
        store.SetEpochDeadline(CapsuleEngine.DeadlineCheckTicks);
        if (Engine.Settings.ConsumeFuel)
        {
            store.Fuel = _options.Fuel ?? ulong.MaxValue;
        }
        if (_options.Wasi)
        {
            // WASI as for `capsule run` with nothing granted: no arguments, environment, files or stdio.
            store.SetWasiConfiguration(new WasiConfiguration());
        }
        _store = store;
        _instance = _linker.Instantiate(store, _guest.Module!);
        // A WASI reactor (the C PDK built with wasi-libc) runs its constructors once, before any export.
        _instance.GetFunction("_initialize")?.Invoke();
        return _instance;
    }

    // The failed call reached a memory limit: Extism memory refused an allocation, or the plugin's linear
    // memory is near its limit (Wasmtime refuses a memory.grow silently, with -1, and says nothing of the
    // size asked, so a failure within a quarter of the limit counts as out of memory; the guest's own
    // message stays in the exception).
    private bool MemoryLimitReached() =>
        _state.Memory.LimitReached || PluginMemory.NearLimit(_instance?.GetMemory("memory"), _limits.MaxMemoryBytes);

    private void Retire()
    {
        _instance = null;
        _store?.Dispose();
        _store = null;
    }

    private void CheckImports(Module module)
    {
        foreach (var import in module.Imports)
        {
            var known = import.ModuleName switch
            {
                ExtismKernel.Module => ExtismKernel.Functions.Contains(import.Name) && import is FunctionImport,
                Wasi => _options.Wasi,
                _ => false,
            };
            if (!known)
            {
                throw new PluginLoadException(Name, import.ModuleName switch
                {
                    Wasi => $"imports {Wasi}::{import.Name}: it was built for WASI; load it with ExtismPluginOptions.Wasi = true (Extism's --wasi)",
                    "extism:host/user" => $"imports the host function extism:host/user::{import.Name}, which this host does not provide",
                    _ => $"unsatisfied import `{import.ModuleName}::{import.Name}` (an Extism plugin imports {ExtismKernel.Module} and, with WASI, {Wasi})",
                });
            }
        }
    }

    /// <summary>Drops the instance and the compiled module.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            Retire();
            _linker.Dispose();
            _guest.Dispose();
        }
    }
}

/// <summary>How an <see cref="ExtismPlugin"/> runs, beside its manifest.</summary>
public sealed record ExtismPluginOptions
{
    /// <summary>The name in errors and logs; default: the file name.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Link WASI preview 1 (Extism's <c>with_wasi</c>), with nothing granted: no arguments, environment,
    /// files or stdio. Plugins built with wasi-libc need it. Default: off.
    /// </summary>
    public bool Wasi { get; init; }

    /// <summary>Each call's fuel (instruction budget); needs an engine with <c>ConsumeFuel</c>. Default: none.</summary>
    public ulong? Fuel { get; init; }

    /// <summary>Where the plugin's <c>log_*</c> messages go; default: nowhere.</summary>
    public ILogger? Logger { get; init; }
}
