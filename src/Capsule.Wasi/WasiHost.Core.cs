using Capsule.Runtime.Components.Binary;
using Capsule.Runtime.Components.Plan;
using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Loading;
using Capsule.Wasi.Cli;
using Microsoft.Extensions.Logging;
using Abi = Capsule.Runtime.Components.Abi;

namespace Capsule.Wasi;

/// <summary>Commands on the component layer (issue 21, off by default: <see cref="ComponentLayer"/>).</summary>
public sealed partial class WasiHost
{
    private readonly HashSet<string> _fellBack = new(StringComparer.Ordinal);

    /// <summary>Which layer runs components; <see cref="ComponentLayer.Wasmtime"/> unless set.</summary>
    public ComponentLayer ComponentLayer { get; set; } = ComponentLayer.Wasmtime;

    /// <summary>Where the component layer says why a component falls back (once per component); null says nothing.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Every interface the features serve as lowerings (<see cref="ILoweredHostFeature"/>).</summary>
    public IReadOnlyList<Abi.LoweredInterface> Lowerings => _lowerings ??= [.. Features.OfType<ILoweredHostFeature>().SelectMany(f => f.Lowerings())];

    private IReadOnlyList<Abi.LoweredInterface>? _lowerings;

    /// <summary>
    /// Runs the command on the component layer, or returns null (logged once with the reason) when the layer
    /// cannot run it: the caller runs it on the component C API.
    /// </summary>
    private RunResult? TryRunCommandOnCoreLayer(LoadedGuest guest, GuestGrants grants, GuestOutput output, CancellationToken cancel)
    {
        CoreComponent core;
        string run;
        try
        {
            core = CoreComponent.Load(_engine, ComponentBinary(guest.Path), Lowerings, cache: null, guest.Path);
            run = core.Plan.Exports.Where(e => e.Interface?.StartsWith(RunInterfacePrefix, StringComparison.Ordinal) == true && e.Function == "run")
                .Select(e => CoreComponentInstance.Key(e.Interface, e.Function)).FirstOrDefault() ?? "";
            if (run.Length == 0)
            {
                core.Dispose();
                throw new ComponentPlanException("it exports no wasi:cli/run");
            }
        }
        catch (Exception e) when (e is ComponentBinaryException or ComponentPlanException or Wasmtime.WasmtimeException)
        {
            if (Logger is not null && _fellBack.Add(guest.Path))
            {
                ComponentLayerLog.FellBack(Logger, guest.Path, e.Message);
            }
            return null;
        }
        using (core)
        {
            return RunOnCoreLayer(core, run, guest, grants, output, cancel);
        }
    }

    private RunResult RunOnCoreLayer(CoreComponent core, string run, LoadedGuest guest, GuestGrants grants, GuestOutput output, CancellationToken cancel)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = new RunDeadline(grants.Limits.Timeout, cancel);
        using var state = new InstanceState(grants, deadline);
        foreach (var feature in Features)
        {
            feature.Prepare(state, output);
        }
        using var store = new CoreStore(_engine, grants.Limits, deadline);
        store.InstanceState.Host = state;
        var cli = state.Find<CliState>();
        CoreComponentInstance instance;
        try
        {
            instance = core.Instantiate(store);
        }
        catch (Abi.CanonTrapException e)
        {
            throw new WasmLoadException(guest.Path, $"cannot instantiate on Capsule's component layer: {e.Message}", e);
        }
        RunOutcome outcome;
        try
        {
            // run: func() -> result: one flat i32, 0 for ok, 1 for err.
            var call = instance.Call(run, new([], [Abi.CoreValType.I32]));
            Span<Abi.ValRaw> slots = [default];
            call.Invoke(slots);
            var isError = Abi.CanonLift.Case(slots[0].U32, 2) == 1;
            call.Finish(slots);
            outcome = new RunOutcome.Exited(isError ? 1 : 0);
        }
        catch (Abi.CanonTrapException e)
        {
            outcome = cli?.ExitStatus is { } status ? new RunOutcome.Exited(status) : CoreTrapOutcome.From(e, deadline, grants.Limits);
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
}
