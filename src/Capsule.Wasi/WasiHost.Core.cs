using System.Collections.Concurrent;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Components.Binary;
using Capsule.Runtime.Components.Plan;
using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Loading;
using Capsule.Wasi.Cli;
using Microsoft.Extensions.Logging;
using Abi = Capsule.Runtime.Components.Abi;

namespace Capsule.Wasi;

/// <summary>The component layer (issue 21, off by default: <see cref="ComponentLayer"/>): loading a component for it once, and commands.</summary>
public sealed partial class WasiHost
{
    // Per guest: its CoreComponent, or null when the layer cannot run it (said once, when it was tried).
    private readonly ConcurrentDictionary<LoadedGuest, Lazy<CoreComponent?>> _coreComponents = new();
    private readonly ConcurrentDictionary<LoadedGuest, string> _fallbacks = new();

    /// <summary>
    /// Which layer runs components: <see cref="ComponentLayers.Default"/> (<c>CAPSULE_COMPONENT_LAYER</c>, else
    /// <see cref="ComponentLayer.Wasmtime"/>) unless set.
    /// </summary>
    public ComponentLayer ComponentLayer { get; set; } = ComponentLayers.Default;

    /// <summary>Where the component layer says why a component falls back (once per component); null says nothing.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Every interface the features serve as lowerings (<see cref="ILoweredHostFeature"/>).</summary>
    public IReadOnlyList<Abi.LoweredInterface> Lowerings => _lowerings ??= [.. Features.OfType<ILoweredHostFeature>().SelectMany(f => f.Lowerings())];

    private IReadOnlyList<Abi.LoweredInterface>? _lowerings;

    /// <summary>
    /// On the component layer, loads <paramref name="guest"/> for it now (read, plan, compile its core modules through
    /// <paramref name="cache"/>), once: the app's load does it so no request pays for it. A component the layer cannot
    /// run is logged once and runs on the component C API. Does nothing on <see cref="ComponentLayer.Wasmtime"/>.
    /// </summary>
    public void PrepareComponentLayer(LoadedGuest guest, ArtifactCache? cache = null)
    {
        if (ComponentLayer == ComponentLayer.Core && guest.Kind == WasmKind.Component)
        {
            _ = CoreComponentOf(guest, cache);
        }
    }

    /// <summary>The guest loaded for the component layer (loaded on first use when the app did not prepare it), or null to fall back.</summary>
    internal CoreComponent? CoreComponentOf(LoadedGuest guest, ArtifactCache? cache = null) =>
        _coreComponents.GetOrAdd(guest, g => new Lazy<CoreComponent?>(() => LoadForCoreLayer(g, cache))).Value;

    private CoreComponent? LoadForCoreLayer(LoadedGuest guest, ArtifactCache? cache)
    {
        try
        {
            return CoreComponent.Load(_engine, ComponentBinary(guest.Path), Lowerings, cache, guest.Path);
        }
        catch (Exception e) when (e is ComponentBinaryException or ComponentPlanException or Wasmtime.WasmtimeException or IOException)
        {
            FellBack(guest, e.Message);
            return null;
        }
    }

    /// <summary>Why the component layer does not run <paramref name="guest"/> (it was tried and fell back), or null.</summary>
    public string? ComponentLayerFallback(LoadedGuest guest) => _fallbacks.TryGetValue(guest, out var reason) ? reason : null;

    private void FellBack(LoadedGuest guest, string reason)
    {
        if (!_fallbacks.TryAdd(guest, reason))
        {
            return;
        }
        if (Logger is not null)
        {
            ComponentLayerLog.FellBack(Logger, guest.Path, reason);
        }
    }

    /// <summary>
    /// Runs the command on the component layer, or returns null (logged once with the reason) when the layer
    /// cannot run it: the caller runs it on the component C API.
    /// </summary>
    private RunResult? TryRunCommandOnCoreLayer(LoadedGuest guest, GuestGrants grants, GuestOutput output, CancellationToken cancel)
    {
        if (CoreComponentOf(guest) is not { } core)
        {
            return null;
        }
        var run = core.Plan.Exports.Where(e => e.Interface?.StartsWith(RunInterfacePrefix, StringComparison.Ordinal) == true && e.Function == "run")
            .Select(e => CoreComponentInstance.Key(e.Interface, e.Function)).FirstOrDefault();
        if (run is null)
        {
            FellBack(guest, "it exports no wasi:cli/run");
            return null;
        }
        return RunOnCoreLayer(core, run, guest, grants, output, cancel);
    }

    private RunResult RunOnCoreLayer(CoreComponent core, string run, LoadedGuest guest, GuestGrants grants, GuestOutput output, CancellationToken cancel)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = new RunDeadline(grants.Limits.Timeout, cancel);
        using var session = CoreSession.Open(this, grants, output, deadline);
        var cli = session.State.Find<CliState>();
        try
        {
            session.Instantiate(core);
        }
        catch (Abi.CanonTrapException e)
        {
            throw new WasmLoadException(guest.Path, $"cannot instantiate on Capsule's component layer: {e.Message}", e);
        }
        var isError = false;
        var outcome = session.Run(() =>
        {
            // run: func() -> result: one flat i32, 0 for ok, 1 for err.
            var call = session.Instance.Call(run, new([], [Abi.CoreValType.I32]));
            Span<Abi.ValRaw> slots = [default];
            call.Invoke(slots);
            isError = Abi.CanonLift.Case(slots[0].U32, 2) == 1;
            call.Finish(slots);
        });
        if (isError && outcome is RunOutcome.Exited)
        {
            outcome = new RunOutcome.Exited(1);
        }
        if (cli is not null)
        {
            FlushAtExit(cli.Stdout);
            FlushAtExit(cli.Stderr);
        }
        return new RunResult(outcome, MemoryLimitReached: false, stopwatch.Elapsed);
    }

    // The component layer reads binaries; a component in text is converted by Wasmtime's own parser.
    private static byte[] ComponentBinary(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.AsSpan().StartsWith("\0asm"u8) ? bytes : Wasmtime.Module.ConvertText(System.Text.Encoding.UTF8.GetString(bytes)).ToArray();
    }

    private void DisposeCoreComponents()
    {
        foreach (var loaded in _coreComponents.Values)
        {
            if (loaded.IsValueCreated)
            {
                loaded.Value?.Dispose();
            }
        }
        _coreComponents.Clear();
        _fallbacks.Clear();
    }
}
