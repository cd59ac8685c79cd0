using Capsule.Hosting.Admission;
using Capsule.Runtime.Running;
using Capsule.Wasi;
using Capsule.Wasi.Http;
using Microsoft.Extensions.Logging;

namespace Capsule.Hosting.Reuse;

/// <summary>
/// The kept instances of every component that opted into instance reuse, one
/// <see cref="WarmInstancePool"/> each. Idle instances count against admission
/// like running ones (they hold pool slots and memory), and give their share back
/// whenever admission needs it (<see cref="AdmissionGate.ReclaimIdle"/>), so a flood
/// still meets a 503, never an exhausted Wasmtime pool. Thread-safe; disposed on shutdown.
/// </summary>
public sealed class WarmInstances : IDisposable
{
    private readonly Dictionary<string, WarmInstancePool> _pools;
    private readonly WarmInstancePool[] _order;
    private readonly AdmissionGate _admission;
    private int _nextToDrop;

    /// <summary>Pools for <paramref name="app"/>'s reusing components; hooks into <paramref name="admission"/>.</summary>
    public WarmInstances(LoadedApp app, WasiHost host, AdmissionGate admission, ILogger<WarmInstances> logger)
    {
        _pools = app.Components.Values
            .Where(c => c.Reuse is not null)
            .ToDictionary(c => c.Id, c => new WarmInstancePool(c, c.Reuse!, host, logger));
        _order = [.. _pools.Values];
        _admission = admission;
        if (_order.Length > 0)
        {
            admission.ReclaimIdle = DropOneIdle;
        }
    }

    /// <summary>Idle instances of <paramref name="componentId"/> now (0 when it does not reuse them).</summary>
    public int IdleCount(string componentId) => _pools.TryGetValue(componentId, out var pool) ? pool.IdleCount : 0;

    /// <summary>
    /// An idle instance's claim for <paramref name="componentId"/> if one can serve
    /// now (no admission needed: it holds its share), else null.
    /// </summary>
    internal KeptInstance? Rent(string componentId) => _pools.TryGetValue(componentId, out var pool) ? pool.Rent() : null;

    /// <summary>
    /// Serves one request of a reusing component on <paramref name="kept"/> (from
    /// <see cref="Rent"/>) or on a new instance that takes over <paramref name="admitted"/>'s share.
    /// </summary>
    internal RunOutcome Serve(string componentId, KeptInstance? kept, AdmissionTicket admitted, GuestOutput output, IncomingRequest request, ResponseOutparam outparam, CancellationToken cancel, RunTurn? turn = null, Runtime.Diagnostics.RunCost? cost = null)
    {
        var share = kept is null ? admitted.Transfer() : AdmissionTicket.AlreadyHeld;
        try
        {
            return _pools[componentId].Serve(kept, share, output, request, outparam, cancel, turn, cost);
        }
        finally
        {
            // Requests wait while instances sit idle: the idle ones make room
            // (the queue was asked first, so one of the two always sees the other).
            while (_admission.HasWaiters && DropOneIdle())
            {
            }
        }
    }

    /// <summary>Drops one idle instance of any component, round robin; false when none is idle.</summary>
    public bool DropOneIdle()
    {
        for (var i = 0; i < _order.Length; i++)
        {
            var index = (Interlocked.Increment(ref _nextToDrop) & int.MaxValue) % _order.Length;
            if (_order[index].DropOldest())
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Drops every idle instance and stops the sweeps.</summary>
    public void Dispose()
    {
        foreach (var pool in _order)
        {
            pool.Dispose();
        }
    }
}
