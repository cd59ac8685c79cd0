using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Loading;
using Capsule.Wasi.Http;

namespace Capsule.Wasi;

/// <summary>Serving: one wasi:http/incoming-handler call in a fresh store.</summary>
public sealed partial class WasiHost
{
    internal const string HandlerInterfacePrefix = "wasi:http/incoming-handler@";

    /// <summary>
    /// Calls the guest's <c>wasi:http/incoming-handler.handle</c> with
    /// <paramref name="request"/> in a new store built from
    /// <paramref name="grants"/>. Returns when the handler returns; the guest
    /// delivers its response through <paramref name="outparam"/>, usually
    /// before, and may still be writing the body until then, so read
    /// <see cref="ResponseOutparam.Response"/> from another thread.
    /// <paramref name="cancel"/> (the client went away) stops the guest wherever it is:
    /// running, it traps at its next epoch tick; waiting on the host, the wait ends.
    /// With a <paramref name="turn"/> (holding a run slot), the guest shares the slots as
    /// <see cref="RunDeadline"/> describes, and its time limit counts from the turn's start.
    /// <paramref name="cost"/>, when given, gets the run's host calls and instantiation time;
    /// spans <c>instantiate</c> and <c>handler</c> are started under the current activity.
    /// </summary>
    public RunOutcome HandleHttp(
        LoadedGuest guest, GuestGrants grants, GuestOutput output, IncomingRequest request, ResponseOutparam outparam, CancellationToken cancel = default, RunTurn? turn = null, RunCost? cost = null)
    {
        try
        {
            return Handle(guest, grants, output, request, outparam, cancel, turn, cost);
        }
        finally
        {
            // A handler that never set a response (or never ran) must not leave the host waiting.
            outparam.Abandon();
        }
    }

    private RunOutcome Handle(
        LoadedGuest guest, GuestGrants grants, GuestOutput output, IncomingRequest request, ResponseOutparam outparam, CancellationToken cancel, RunTurn? turn, RunCost? cost)
    {
        if (CoreHandlerOf(guest) is { } core)
        {
            return HandleOnCoreLayer(core, grants, output, request, outparam, cancel, turn, cost);
        }
        // The lease keeps this copy of the code for the store's lifetime (LoadedGuest.ReleaseIdleSlots may replace it).
        using var lease = guest.LeaseComponent() ?? throw new WasmLoadException(guest.Path, "not a component: wasi:http handlers are components");
        var component = lease.Component;
        var handler = ComponentExports.Find(_engine, guest, HandlerInterfacePrefix);
        using var deadline = new RunDeadline(grants.Limits.Timeout, cancel, turn);
        if (deadline.IsDue())
        {
            // Its limit passed (or its client left) while it waited for a run slot: nothing to start.
            return TrapClassifier.FromStop(deadline)!;
        }
        using var store = CreateStore(grants with { Stdin = StdinSource.Empty }, output, deadline);
        var state = store.State;
        store.Cost = cost;
        try
        {
            var instance = Instantiate(store, component, cost);
            using var handling = CapsuleTelemetry.Source.StartActivity("handler");
            var requestRep = state.Table.Add(request);
            var outparamRep = state.Table.Add(outparam);
            instance.Call(handler, "handle", 2, args =>
            {
                args[0].SetResource(ResourceType<Generated.Wasi.Http.Types.IncomingRequest>.Id, requestRep);
                args[1].SetResource(ResourceType<Generated.Wasi.Http.Types.ResponseOutparam>.Id, outparamRep);
            }, 0, _ => 0);
            return new RunOutcome.Exited(0);
        }
        catch (ComponentCallException e)
        {
            System.Diagnostics.Activity.Current?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            return state.Find<Cli.CliState>()?.ExitStatus is { } status
                ? new RunOutcome.Exited(status)
                : TrapClassifier.FromStop(deadline) ?? TrapClassifier.FromComponentCall(e, grants.Limits);
        }
    }

    /// <summary>Instantiates <paramref name="component"/> in <paramref name="store"/> under an <c>instantiate</c> span, timing it into <paramref name="cost"/>.</summary>
    internal ComponentInstanceRef Instantiate(ComponentStore store, Wasmtime.Components.Component component, RunCost? cost)
    {
        using var span = CapsuleTelemetry.Source.StartActivity("instantiate");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var instance = Linker.Instantiate(store, component);
        cost?.Instantiate = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return instance;
    }
}
