using System.Diagnostics;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Native;
using Wasmtime;
using Wasmtime.Components;

namespace Capsule.Runtime.Running;

/// <summary>
/// Runs guests to completion: a core module's <c>_start</c> with WASI
/// preview 1, or a component's <c>wasi:cli/run</c> export with WASI 0.2 —
/// each in a fresh store bounded by the grants' limits. Linkers are built
/// once; <see cref="Run"/> may be called from several threads at once.
/// </summary>
public sealed class GuestRunner : IDisposable
{
    private const string RunInterfacePrefix = "wasi:cli/run@";
    private readonly CapsuleEngine _engine;
    private readonly StoreFactory _stores;
    private readonly Linker _moduleLinker;
    private readonly ComponentLinker _componentLinker;

    /// <summary>Builds the WASI linkers for <paramref name="engine"/>.</summary>
    public GuestRunner(CapsuleEngine engine)
    {
        _engine = engine;
        _stores = new StoreFactory(engine);
        _moduleLinker = new Linker(engine.WasmEngine);
        _moduleLinker.DefineWasi();
        _componentLinker = new ComponentLinker(engine.WasmEngine);
        _componentLinker.AddWasiPreview2();
    }

    /// <summary>
    /// Runs <paramref name="guest"/> with exactly the capabilities in
    /// <paramref name="grants"/>. Guest failures (trap, timeout, exit code)
    /// are results; a guest that cannot be started (unsatisfied import, no
    /// entry point) throws <see cref="WasmLoadException"/>.
    /// </summary>
    public RunResult Run(LoadedGuest guest, GuestGrants grants, GuestOutput output)
    {
        var limits = grants.Limits;
        using var deadline = new RunDeadline(limits.Timeout);
        using var store = _stores.Create(grants, output, deadline);
        var stopwatch = Stopwatch.StartNew();
        return guest.Kind == WasmKind.CoreModule
            ? RunModule(guest, store, limits, deadline, stopwatch)
            : RunComponent(guest, store, limits, deadline, stopwatch);
    }

    private RunResult RunModule(LoadedGuest guest, Store store, ResourceLimits limits, RunDeadline deadline, Stopwatch stopwatch)
    {
        Instance? instance = null;
        RunOutcome outcome;
        try
        {
            instance = _moduleLinker.Instantiate(store, guest.Module!);
            var start = instance.GetFunction("_start")
                ?? throw new WasmLoadException(guest.Path, NoStartCause(guest.Module!.Exports.Select(x => x.Name)));
            start.Invoke();
            outcome = new RunOutcome.Exited(0);
        }
        catch (WasmtimeException e) when (instance is null && IsLinkError(e))
        {
            throw new WasmLoadException(guest.Path, UnsatisfiedImportCause(e, "WASI preview 1 (wasi_snapshot_preview1)"), e);
        }
        catch (WasmtimeException e)
        {
            outcome = TrapClassifier.FromStop(deadline) ?? TrapClassifier.FromWasmtime(e, limits, Path.GetFileName(guest.Path));
        }
        var memory = instance?.GetMemory("memory");
        var atLimit = memory is not null && memory.GetLength() + Memory.PageSize > limits.MaxMemoryBytes;
        return new RunResult(outcome, atLimit, stopwatch.Elapsed);
    }

    private RunResult RunComponent(LoadedGuest guest, Store store, ResourceLimits limits, RunDeadline deadline, Stopwatch stopwatch)
    {
        var component = guest.Component!;
        var runInterface = ComponentExports.Find(_engine, guest, RunInterfacePrefix);
        ComponentInstance? instance = null;
        RunOutcome outcome;
        try
        {
            instance = _componentLinker.Instantiate(store, component);
            var run = instance.GetFunction(runInterface, "run")
                ?? throw new WasmLoadException(guest.Path, $"its {runInterface} export has no run function");
            var result = run.Call();
            // run: func() -> result; an error result is exit status 1, as in wasmtime's CLI.
            outcome = new RunOutcome.Exited(result is null || result.IsOk ? 0 : 1);
        }
        catch (WasmtimeException e) when (instance is null && IsLinkError(e))
        {
            throw new WasmLoadException(guest.Path, UnsatisfiedImportCause(e, "WASI 0.2 (wasi:cli, wasi:io, wasi:clocks, wasi:random, wasi:filesystem, wasi:sockets)"), e);
        }
        catch (WasmtimeException e)
        {
            outcome = TrapClassifier.FromStop(deadline) ?? TrapClassifier.FromWasmtime(e, limits, Path.GetFileName(guest.Path));
        }
        return new RunResult(outcome, MemoryLimitReached: false, stopwatch.Elapsed);
    }

    private static bool IsLinkError(WasmtimeException e) =>
        e.Message.Contains("unknown import", StringComparison.Ordinal)
        || e.Message.Contains("matching implementation was not found", StringComparison.Ordinal)
        || e.Message.Contains("incompatible import type", StringComparison.Ordinal)
        || e.Message.Contains("type mismatch", StringComparison.Ordinal);

    private static string UnsatisfiedImportCause(WasmtimeException e, string provided)
    {
        var message = TrapDescription.Message(e.Message);
        var name = System.Text.RegularExpressions.Regex.Match(message, "`([^`]+)`");
        var what = name.Success ? $"unsatisfied import `{name.Groups[1].Value}`" : $"unsatisfied import ({message})";
        return $"{what}: Capsule provides only {provided}";
    }

    /// <summary>Why a module exporting <paramref name="exports"/> (and no <c>_start</c>) cannot be run.</summary>
    public static string NoStartCause(IEnumerable<string> exports)
    {
        var exported = exports.ToList();
        var list = exported.Count == 0 ? "nothing" : string.Join(", ", exported);
        return $"module exports no _start function to run (it exports {list})";
    }

    /// <summary>Releases the linkers.</summary>
    public void Dispose()
    {
        _moduleLinker.Dispose();
        _componentLinker.Dispose();
    }
}
