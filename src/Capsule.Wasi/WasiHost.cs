using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Wasi.Cli;
using Capsule.Wasi.Io;

namespace Capsule.Wasi;

/// <summary>
/// Capsule's own WASI 0.2 host (decision 6): a list of host features (one per
/// area: io, clocks, random, cli, filesystem, sockets, http, and whatever the
/// embedder adds), linked once per process on one linker, instantiating
/// components in fresh stores whose state the features prepare from the grants
/// only. Thread-safe.
/// </summary>
public sealed partial class WasiHost : IDisposable
{
    private const string RunInterfacePrefix = "wasi:cli/run@";
    private readonly CapsuleEngine _engine;

    /// <summary>The WASI 0.2 host: every WASI feature (<see cref="WasiFeatures"/>) linked on a new linker.</summary>
    public WasiHost(CapsuleEngine engine)
        : this(engine, WasiFeatures.Create())
    {
    }

    /// <summary>
    /// A host made of <paramref name="features"/>, linked in order on a new linker (e.g.
    /// <c>[.. WasiFeatures.Create(), new MyFeature()]</c>). The host disposes the disposable ones.
    /// </summary>
    public WasiHost(CapsuleEngine engine, IEnumerable<IHostFeature> features)
    {
        _engine = engine;
        Features = [.. features];
        Linker = new HostLinker(engine);
        foreach (var feature in Features)
        {
            feature.Link(Linker);
        }
    }

    /// <summary>The engine every instance of this host runs on.</summary>
    public CapsuleEngine Engine => _engine;

    /// <summary>The features this host is made of, in the order they were linked and prepare each instance.</summary>
    public IReadOnlyList<IHostFeature> Features { get; }

    /// <summary>The linker, for hosts that add interfaces of their own.</summary>
    public HostLinker Linker { get; }

    /// <summary>
    /// A store for one instance with <paramref name="grants"/>: every feature prepares its state,
    /// guest output goes to <paramref name="output"/>, host waits and guest code end at
    /// <paramref name="deadline"/> (owned by the caller). Disposing the store releases the state.
    /// </summary>
    public ComponentStore CreateStore(GuestGrants grants, GuestOutput output, RunDeadline deadline)
    {
        var state = new InstanceState(grants, deadline);
        try
        {
            foreach (var feature in Features)
            {
                feature.Prepare(state, output);
            }
            return new ComponentStore(_engine, state, grants.Limits, deadline);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs a command component's <c>wasi:cli/run</c> with exactly the
    /// capabilities in <paramref name="grants"/>.
    /// </summary>
    public RunResult RunCommand(LoadedGuest guest, GuestGrants grants, GuestOutput output, CancellationToken cancel = default)
    {
        var component = guest.Component ?? throw new WasmLoadException(guest.Path, "not a component: the WASI 0.2 host runs components");
        if (ComponentLayer == Runtime.Components.Running.ComponentLayer.Core && TryRunCommandOnCoreLayer(guest, grants, output, cancel) is { } onCoreLayer)
        {
            return onCoreLayer;
        }
        var runInterface = ComponentExports.Find(_engine, guest, RunInterfacePrefix);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = new RunDeadline(grants.Limits.Timeout, cancel);
        using var store = CreateStore(grants, output, deadline);
        var cli = store.State.Find<CliState>();
        ComponentInstanceRef instance;
        try
        {
            instance = Linker.Instantiate(store, component);
        }
        catch (ComponentCallException e)
        {
            throw new WasmLoadException(guest.Path, $"cannot instantiate on Capsule's WASI 0.2 host: {e.Cause}", e);
        }
        RunOutcome outcome;
        try
        {
            var ok = instance.Call(runInterface, "run", 0, null, 1, results => results[0].IsOk(out var _, out var _));
            outcome = new RunOutcome.Exited(ok ? 0 : 1);
        }
        catch (ComponentCallException e)
        {
            outcome = cli?.ExitStatus is { } status
                ? new RunOutcome.Exited(status)
                : TrapClassifier.FromStop(deadline) ?? TrapClassifier.FromComponentCall(e, grants.Limits);
        }
        if (cli is not null)
        {
            FlushAtExit(cli.Stdout);
            FlushAtExit(cli.Stderr);
        }
        return new RunResult(outcome, MemoryLimitReached: false, stopwatch.Elapsed);
    }

    // The run is over: whatever the guest wrote still goes out (a stopped run's
    // deadline must not cut it), and a stream the guest saw closed (its reader
    // gone) is no failure of the host.
    private static void FlushAtExit(OutputStream stream)
    {
        try
        {
            if (stream is StdioOutput stdio)
            {
                stdio.Drain();
            }
            else
            {
                using var unbounded = RunDeadline.None();
                stream.BlockingFlush(unbounded);
            }
        }
        catch (StreamException)
        {
        }
    }

    /// <summary>Releases the components loaded for the component layer, the linker and the features.</summary>
    public void Dispose()
    {
        DisposeCoreComponents();
        Linker.Dispose();
        foreach (var feature in Features)
        {
            (feature as IDisposable)?.Dispose();
        }
    }
}
