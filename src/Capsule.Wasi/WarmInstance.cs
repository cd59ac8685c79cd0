using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Diagnostics;
using Capsule.Runtime.Loading;
using Capsule.Wasi.Generated.Wasi.Http.IncomingHandler;
using Capsule.Wasi.Http;
using Capsule.Wasi.Io;

namespace Capsule.Wasi;

/// <summary>
/// One instance of a wasi:http component kept for several requests, served one
/// at a time (opt-in instance reuse). Its store, WASI context and instance
/// (globals, linear memory, the guest's heap and the handles it kept) live from
/// the first request to <see cref="Dispose"/>. Each request's own: the request
/// and outparam handles (removed from the table when it ends, its response body
/// ended, so a later request cannot reach them), the deadline (timeout,
/// cancellation, epoch deadline, fuel) and where guest output goes.
/// Once a request did not end normally (trap, timeout, cancellation, exit),
/// <see cref="Reusable"/> is false and the instance must be dropped.
/// Not thread-safe: its owner hands it to one request at a time.
/// </summary>
public sealed class WarmInstance : IDisposable
{
    private static readonly Action<ReadOnlySpan<byte>> Discard = _ => { };

    private readonly WasiHost _host;
    private readonly GuestGrants _grants;
    private readonly string _handler;
    private readonly ComponentLease _lease;
    private Action<ReadOnlySpan<byte>> _stdout = Discard;
    private Action<ReadOnlySpan<byte>> _stderr = Discard;
    private ComponentStore? _store;
    private ComponentInstanceRef? _instance;
    private readonly CoreComponent? _core;
    private CoreSession? _session;
    private IncomingHandlerExports? _coreHandler;
    private bool _broken;
    private bool _disposed;

    /// <summary>
    /// An instance of <paramref name="guest"/> with <paramref name="grants"/> (stdin is
    /// always empty); it is instantiated by its first request, under that request's deadline.
    /// Holds a lease on the guest's current code until disposed.
    /// </summary>
    public WarmInstance(WasiHost host, LoadedGuest guest, GuestGrants grants)
    {
        _host = host;
        _grants = grants with { Stdin = StdinSource.Empty };
        _handler = ComponentExports.Find(host.Engine, guest, WasiHost.HandlerInterfacePrefix);
        _lease = guest.LeaseComponent() ?? throw new WasmLoadException(guest.Path, "not a component: wasi:http handlers are components");
        _core = host.CoreHandlerOf(guest);
    }

    /// <summary>Requests that ran to the end of their handler in this instance.</summary>
    public int Served { get; private set; }

    /// <summary>Whether the instance may serve another request: every request so far ended normally and it is not disposed.</summary>
    public bool Reusable => !_broken && !_disposed;

    /// <summary>Whether it runs the guest's current code (false once the code was reloaded to free pool slots).</summary>
    public bool RunsCurrentCode => _lease.IsCurrent;

    /// <summary>
    /// Calls the guest's <c>incoming-handler.handle</c> with <paramref name="request"/>, as
    /// <see cref="WasiHost.HandleHttp"/> does, in this instance. Guest output goes to
    /// <paramref name="output"/>'s callbacks (anything else is discarded) during this call only.
    /// A <paramref name="turn"/> shares the run slots as in <see cref="WasiHost.HandleHttp"/>.
    /// <paramref name="cost"/>, when given, gets this request's host calls (and instantiation time on the first).
    /// </summary>
    public RunOutcome Handle(GuestOutput output, IncomingRequest request, ResponseOutparam outparam, CancellationToken cancel = default, RunTurn? turn = null, RunCost? cost = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_broken)
        {
            throw new InvalidOperationException("an instance whose request failed cannot serve again");
        }
        (_stdout, _stderr) = output is GuestOutput.CallbackOutput callbacks ? (callbacks.Stdout, callbacks.Stderr) : (Discard, Discard);
        using var deadline = new RunDeadline(_grants.Limits.Timeout, cancel, turn);
        if (deadline.IsDue())
        {
            // Its limit passed (or its client left) while it waited for a run slot: the instance stays as it was.
            return TrapClassifier.FromStop(deadline)!;
        }
        uint requestRep = 0, outparamRep = 0;
        var ended = false;
        if (_core is not null)
        {
            try
            {
                var outcome = CoreSession(deadline).Run(() =>
                {
                    _coreHandler ??= new IncomingHandlerExports(_session!.Instantiate(_core, cost).Export);
                    using var handling = CapsuleTelemetry.Source.StartActivity("handler");
                    requestRep = _session!.State.Table.Add(request);
                    outparamRep = _session.State.Table.Add(outparam);
                    _coreHandler.Handle(new(requestRep), new(outparamRep));
                    ended = true;
                });
                Served += ended ? 1 : 0;
                return outcome;
            }
            finally
            {
                _broken |= !ended;
                EndRequest(outparam, requestRep, outparamRep);
            }
        }
        try
        {
            var instance = Start(deadline, cost);
            _store!.Cost = cost;
            using var handling = CapsuleTelemetry.Source.StartActivity("handler");
            requestRep = _store!.State.Table.Add(request);
            outparamRep = _store.State.Table.Add(outparam);
            instance.Call(_handler, "handle", 2, args =>
            {
                args[0].SetResource(ResourceType<Generated.Wasi.Http.Types.IncomingRequest>.Id, requestRep);
                args[1].SetResource(ResourceType<Generated.Wasi.Http.Types.ResponseOutparam>.Id, outparamRep);
            }, 0, _ => 0);
            ended = true;
            Served++;
            return new RunOutcome.Exited(0);
        }
        catch (ComponentCallException e)
        {
            return _store?.State.Find<Cli.CliState>()?.ExitStatus is { } status
                ? new RunOutcome.Exited(status)
                : TrapClassifier.FromStop(deadline) ?? TrapClassifier.FromComponentCall(e, _grants.Limits);
        }
        finally
        {
            _broken |= !ended;
            EndRequest(outparam, requestRep, outparamRep);
        }
    }

    // The component layer's session: opened by the first request (which instantiates in it), a new run for later ones.
    private CoreSession CoreSession(RunDeadline deadline)
    {
        if (_session is not null)
        {
            _session.StartRun(deadline);
            return _session;
        }
        var output = GuestOutput.ToCallbacks(bytes => _stdout(bytes), bytes => _stderr(bytes));
        return _session = Wasi.CoreSession.Open(_host, _grants, output, deadline);
    }

    // The first request instantiates; later ones only reset what is per run.
    private ComponentInstanceRef Start(RunDeadline deadline, RunCost? cost)
    {
        if (_instance is not null)
        {
            _store!.State.Deadline = deadline;
            _store.StartRun(deadline, _grants.Limits);
            return _instance;
        }
        // The streams read the current request's callbacks: a guest keeps its stdout handle across requests.
        var output = GuestOutput.ToCallbacks(bytes => _stdout(bytes), bytes => _stderr(bytes));
        _store = _host.CreateStore(_grants, output, deadline);
        return _instance = _host.Instantiate(_store, _lease.Component, cost);
    }

    // Nothing of this request stays reachable from the next: the outparam is settled,
    // the response body ended, and the two handles the host gave are gone from the
    // table (a guest that still uses one traps; dropping one later is harmless).
    private void EndRequest(ResponseOutparam outparam, uint requestRep, uint outparamRep)
    {
        (_stdout, _stderr) = (Discard, Discard);
        outparam.Abandon();
        if (outparam.Response.IsCompletedSuccessfully)
        {
            outparam.Response.Result.EndBody();
        }
        if (_store is not null)
        {
            _store.Cost = null;
        }
        if ((_session?.State ?? _store?.State) is { } state)
        {
            state.Table.Delete(requestRep);
            state.Table.Delete(outparamRep);
        }
    }

    /// <summary>Releases the store, its state (with the handles the guest kept) and the lease on the code.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _store?.Dispose();
        _session?.Dispose();
        _lease.Dispose();
    }
}
