using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Loading;
using Capsule.Wasi.Generated.Wasi.Http.IncomingHandler;
using Capsule.Wasi.Http;
using Types = Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi;

/// <summary>Serving wasi:http on the component layer (issue 21, off by default: <see cref="ComponentLayer"/>).</summary>
public sealed partial class WasiHost
{
    /// <summary>Whether <paramref name="guest"/>'s wasi:http handler runs on the component layer (false: on the component C API).</summary>
    public bool ServesOnComponentLayer(LoadedGuest guest) => CoreHandlerOf(guest) is not null;

    /// <summary>The guest loaded for the component layer when it exports an incoming handler there, else null (the C API serves it).</summary>
    internal CoreComponent? CoreHandlerOf(LoadedGuest guest) =>
        ComponentLayer == ComponentLayer.Core && CoreComponentOf(guest) is { } core
            && core.Plan.Exports.Any(e => e.Function == "handle" && e.Interface?.StartsWith(HandlerInterfacePrefix, StringComparison.Ordinal) == true)
            ? core
            : null;

    /// <summary><see cref="HandleHttp"/> on the component layer: a fresh session, instantiated and called once.</summary>
    private RunOutcome HandleOnCoreLayer(
        CoreComponent core, GuestGrants grants, GuestOutput output, IncomingRequest request, ResponseOutparam outparam, CancellationToken cancel, RunTurn? turn, RunCost? cost)
    {
        using var deadline = new RunDeadline(grants.Limits.Timeout, cancel, turn);
        if (deadline.IsDue())
        {
            // Its limit passed (or its client left) while it waited for a run slot: nothing to start.
            return TrapClassifier.FromStop(deadline)!;
        }
        using var session = CoreSession.Open(this, grants with { Stdin = StdinSource.Empty }, output, deadline);
        return session.Run(() =>
        {
            var handler = new IncomingHandlerExports(session.Instantiate(core, cost).Export);
            using var handling = CapsuleTelemetry.Source.StartActivity("handler");
            var requestRep = session.State.Table.Add(request);
            var outparamRep = session.State.Table.Add(outparam);
            handler.Handle(new Resource<Types.IncomingRequest>(requestRep), new Resource<Types.ResponseOutparam>(outparamRep));
        });
    }
}
