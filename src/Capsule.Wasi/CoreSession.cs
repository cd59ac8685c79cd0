using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Diagnostics;
using Capsule.Wasi.Cli;
using Abi = Capsule.Runtime.Components.Abi;

namespace Capsule.Wasi;

/// <summary>
/// One instance session on the component layer (issue 21, item 6): the features' state, the store, the
/// instance, the run's deadline and how a call's end becomes a <see cref="RunOutcome"/>, in one place.
/// <c>capsule run</c> and a fresh HTTP request open one, run once and dispose it; a <see cref="WarmInstance"/>
/// keeps one and starts a run per request (<see cref="StartRun"/>): fresh or reused is the caller's policy.
/// Not thread-safe: one run at a time.
/// </summary>
internal sealed class CoreSession : IDisposable
{
    private readonly ResourceLimits _limits;
    private CoreComponentInstance? _instance;

    private CoreSession(InstanceState state, CoreStore store, ResourceLimits limits)
    {
        State = state;
        Store = store;
        _limits = limits;
    }

    /// <summary>The features' state of the instance (resource table, grants, deadline).</summary>
    public InstanceState State { get; }

    /// <summary>The store the instance lives in.</summary>
    public CoreStore Store { get; }

    /// <summary>The instance, once <see cref="Instantiate"/> made it.</summary>
    public CoreComponentInstance Instance => _instance ?? throw new InvalidOperationException("the session has no instance yet");

    /// <summary>Whether <see cref="Instantiate"/> made the instance.</summary>
    public bool HasInstance => _instance is not null;

    /// <summary>
    /// A session with <paramref name="grants"/>: every feature of <paramref name="host"/> prepares its state, guest
    /// output goes to <paramref name="output"/>, the first run ends at <paramref name="deadline"/> (owned by the caller).
    /// </summary>
    public static CoreSession Open(WasiHost host, GuestGrants grants, GuestOutput output, RunDeadline deadline)
    {
        var state = new InstanceState(grants, deadline);
        try
        {
            foreach (var feature in host.Features)
            {
                feature.Prepare(state, output);
            }
            var store = new CoreStore(host.Engine, grants.Limits, deadline);
            store.InstanceState.Host = state;
            return new CoreSession(state, store, grants.Limits);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>Makes the instance of <paramref name="component"/> under an <c>instantiate</c> span, timed into <paramref name="cost"/>.</summary>
    public CoreComponentInstance Instantiate(CoreComponent component, RunCost? cost = null)
    {
        using var span = CapsuleTelemetry.Source.StartActivity("instantiate");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _instance = component.Instantiate(Store);
        cost?.Instantiate = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return _instance;
    }

    /// <summary>Starts another run of the kept instance: <paramref name="deadline"/> (owned by the caller) stops its host waits and its code.</summary>
    public void StartRun(RunDeadline deadline)
    {
        State.Deadline = deadline;
        Store.StartRun(deadline, _limits);
    }

    /// <summary>
    /// Runs <paramref name="call"/> (instantiation included when it makes the instance): its end is
    /// <see cref="RunOutcome.Exited"/> 0, a trap is the guest's exit status if it called exit, else the trap classified
    /// (timed out, cancelled, out of fuel, the trap's kind).
    /// </summary>
    public RunOutcome Run(Action call)
    {
        try
        {
            call();
            return new RunOutcome.Exited(0);
        }
        catch (Abi.CanonTrapException e)
        {
            System.Diagnostics.Activity.Current?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            return State.Find<CliState>()?.ExitStatus is { } status
                ? new RunOutcome.Exited(status)
                : CoreTrapOutcome.From(e, Store.Deadline, _limits);
        }
    }

    /// <summary>Releases the store (with the instance), then the features' state with what the guest left in its table.</summary>
    public void Dispose()
    {
        Store.Dispose();
        State.Dispose();
    }
}
