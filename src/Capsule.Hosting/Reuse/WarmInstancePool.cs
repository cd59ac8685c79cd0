using System.Diagnostics;
using Capsule.Hosting.Admission;
using Capsule.Hosting.Http;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Running;
using Capsule.Wasi;
using Capsule.Wasi.Http;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Reuse;

/// <summary>
/// The instances of one component kept for reuse (<see cref="InstanceReuse"/>).
/// An instance is either serving one request or idle here, never both, so no two
/// requests ever share one at once. It is dropped after a request that did not end
/// normally (trap, timeout, cancellation, exit), after its <c>max_requests</c>,
/// after <c>idle_timeout</c> idle, when the component's code was reloaded
/// (<see cref="Http.IdleSlotRelease"/>), when admission needs its share, and on shutdown.
/// Thread-safe.
/// </summary>
internal sealed class WarmInstancePool : IDisposable
{
    /// <summary>
    /// Idle instances kept at most: enough for every request a few cores run at once
    /// (more wait on Kestrel, not on instances); the rest are dropped as they finish.
    /// </summary>
    private static readonly int MostIdle = Math.Max(16, 4 * Environment.ProcessorCount);

    private readonly object _lock = new();
    private readonly LinkedList<KeptInstance> _idle = new(); // oldest first
    private readonly ServedComponent _component;
    private readonly InstanceReuse _reuse;
    private readonly WasiHost _host;
    private readonly Timer _sweep;
    private readonly ILogger _logger;
    private bool _disposed;
    private volatile bool _turnedOff;

    public WarmInstancePool(ServedComponent component, InstanceReuse reuse, WasiHost host, ILogger logger)
    {
        _component = component;
        _reuse = reuse;
        _host = host;
        _logger = logger;
        // Expiry is checked exactly when an instance is taken; the sweep only gives back
        // what expired instances hold when no request comes.
        var period = TimeSpan.FromTicks(Math.Clamp(reuse.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _sweep = new Timer(_ => Sweep(), null, period, period);
    }

    /// <summary>How many instances are idle now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>The most recently used idle instance that may still serve, or null (then admit a new one).</summary>
    public KeptInstance? Rent()
    {
        List<KeptInstance>? expired = null;
        KeptInstance? found = null;
        lock (_lock)
        {
            while (found is null && _idle.Last is { } last)
            {
                _idle.RemoveLast();
                if (Fresh(last.Value))
                {
                    found = last.Value;
                }
                else
                {
                    (expired ??= []).Add(last.Value);
                }
            }
        }
        expired?.ForEach(e => e.Drop());
        return found;
    }

    /// <summary>
    /// Serves one request on <paramref name="kept"/>, or on a new instance holding
    /// <paramref name="share"/> (this request's admission) when null; then keeps the
    /// instance for the next request or drops it.
    /// </summary>
    public RunOutcome Serve(KeptInstance? kept, AdmissionTicket share, GuestOutput output, IncomingRequest request, ResponseOutparam outparam, CancellationToken cancel, RunTurn? turn = null, Runtime.Diagnostics.RunCost? cost = null)
    {
        try
        {
            if (kept is null)
            {
                try
                {
                    kept = new KeptInstance(new WarmInstance(_host, _component.Guest, _component.Grants), share);
                }
                catch
                {
                    share.Dispose();
                    throw;
                }
            }
            var servedBefore = kept.Instance.Served;
            var outcome = kept.Instance.Handle(output, request, outparam, cancel, turn, cost);
            if (servedBefore > 0 && outcome is RunOutcome.Exited { Code: 0 } && !outparam.Response.IsCompletedSuccessfully)
            {
                TurnOff();
            }
            return outcome;
        }
        finally
        {
            // Whatever happened, the host must not wait for a response that will not come.
            outparam.Abandon();
            if (kept is not null)
            {
                Return(kept);
            }
        }
    }

    // A guest that answers its first request but not a later one in the same instance
    // cannot be reused (componentize-js's fetch event): every other request would fail.
    private void TurnOff()
    {
        if (_turnedOff)
        {
            return;
        }
        _turnedOff = true;
        HostingLog.ReuseTurnedOff(_logger, _component.Id);
        Dispose();
    }

    /// <summary>Drops the longest-idle instance; false when none is idle.</summary>
    public bool DropOldest()
    {
        KeptInstance? oldest;
        lock (_lock)
        {
            oldest = _idle.First?.Value;
            if (oldest is not null)
            {
                _idle.RemoveFirst();
            }
        }
        oldest?.Drop();
        return oldest is not null;
    }

    private void Return(KeptInstance kept)
    {
        if (kept.Instance.Reusable && kept.Instance.Served < _reuse.MaxRequests)
        {
            lock (_lock)
            {
                if (!_disposed && _idle.Count < MostIdle && kept.Instance.RunsCurrentCode)
                {
                    kept.IdleSince = Stopwatch.GetTimestamp();
                    _idle.AddLast(kept);
                    return;
                }
            }
        }
        kept.Drop();
    }

    private bool Fresh(KeptInstance kept) =>
        Stopwatch.GetElapsedTime(kept.IdleSince) < _reuse.IdleTimeout && kept.Instance.RunsCurrentCode;

    private void Sweep()
    {
        List<KeptInstance>? expired = null;
        lock (_lock)
        {
            for (var node = _idle.First; node is not null;)
            {
                var next = node.Next;
                if (!Fresh(node.Value))
                {
                    _idle.Remove(node);
                    (expired ??= []).Add(node.Value);
                }
                node = next;
            }
        }
        expired?.ForEach(e => e.Drop());
    }

    /// <summary>Drops every idle instance; instances still serving are dropped when their request ends.</summary>
    public void Dispose()
    {
        // Also when reuse was turned off: every instance is then dropped after its one request.
        List<KeptInstance> idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        _sweep.Dispose();
        idle.ForEach(e => e.Drop());
    }
}
