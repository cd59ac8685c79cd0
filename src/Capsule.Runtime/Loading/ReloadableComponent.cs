using Wasmtime.Components;

namespace Capsule.Runtime.Loading;

/// <summary>
/// A component's compiled code that can be swapped for a fresh copy of itself,
/// so that Wasmtime's pool gives back the memory of slots a burst left warm.
/// Wasmtime keeps each used pool slot's memory resident (up to
/// <c>EngineSettings.PoolLinearMemoryKeepResidentBytes</c>, which is what makes
/// instantiation cheap) and has no idle timeout; it resets a slot's memory
/// image only when the module that used it is dropped (<c>purge_module</c>).
/// A fresh copy has new module ids: once the old copy's last instance ends,
/// dropping it purges every slot it touched. Thread-safe.
/// </summary>
internal sealed class ReloadableComponent(Component first, Wasmtime.Engine? engine) : IDisposable
{
    private readonly object _gate = new();
    private Generation _current = new(first);
    private int _inFlight;
    private int _peakThisWindow;
    private bool _disposed;

    /// <summary>The current copy, for load-time uses (checks, inspection); instances for serving take a <see cref="Lease"/>.</summary>
    public Component Current
    {
        get
        {
            lock (_gate)
            {
                return _current.Component;
            }
        }
    }

    /// <summary>The current copy, kept alive until the lease is disposed; counts one instance in flight.</summary>
    public ComponentLease Lease()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var generation = _current;
            generation.Leases++;
            generation.Peak = Math.Max(generation.Peak, generation.Leases);
            _inFlight++;
            _peakThisWindow = Math.Max(_peakThisWindow, _inFlight);
            return new ComponentLease(this, generation);
        }
    }

    internal void Return(Generation generation)
    {
        bool drop;
        lock (_gate)
        {
            generation.Leases--;
            _inFlight--;
            drop = generation.Retired && generation.Leases == 0;
        }
        if (drop)
        {
            generation.Component.Dispose();
        }
    }

    /// <summary>
    /// Ends the current window of observation: when this copy has had at least
    /// <paramref name="minSlots"/> instances at once but the window's peak was at
    /// most a quarter of that, loads a fresh copy for new requests and drops the
    /// old one when its last instance ends. Returns the slot count released, or 0.
    /// Costs a serialize and a deserialize (tens of ms for a 13 MB component).
    /// </summary>
    public int ReleaseIdleSlots(int minSlots)
    {
        Generation old;
        lock (_gate)
        {
            var recentPeak = _peakThisWindow;
            _peakThisWindow = _inFlight;
            old = _current;
            if (engine is null || _disposed || old.Peak < minSlots || recentPeak * 4 > old.Peak)
            {
                return 0;
            }
            old.Leases++;
        }
        // The old copy is leased while it is copied, so it cannot be dropped under us;
        // every change to lease counts happens under the lock.
        Component? fresh = null;
        var swapped = false;
        try
        {
            fresh = Component.Deserialize(engine, old.Component.Serialize());
        }
        finally
        {
            bool dropOld;
            lock (_gate)
            {
                old.Leases--;
                if (fresh is not null && !_disposed && _current == old)
                {
                    _current = new Generation(fresh);
                    old.Retired = true;
                    swapped = true;
                }
                dropOld = old.Retired && old.Leases == 0;
            }
            if (!swapped)
            {
                fresh?.Dispose();
            }
            if (dropOld)
            {
                old.Component.Dispose();
            }
        }
        return swapped ? old.Peak : 0;
    }

    /// <summary>Drops the current copy once no instance uses it.</summary>
    public void Dispose()
    {
        bool drop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _current.Retired = true;
            drop = _current.Leases == 0;
        }
        if (drop)
        {
            _current.Component.Dispose();
        }
    }

    /// <summary>One copy of the compiled component and the instances using it.</summary>
    internal sealed class Generation(Component component)
    {
        public Component Component { get; } = component;

        public int Leases { get; set; }

        public int Peak { get; set; }

        private volatile bool _retired;

        /// <summary>Set under the component's lock; read without it (<see cref="ComponentLease.IsCurrent"/>, from any thread).</summary>
        public bool Retired
        {
            get => _retired;
            set => _retired = value;
        }
    }
}

/// <summary>A compiled component held for one instance's lifetime; dispose when the instance (its store) is gone.</summary>
public sealed class ComponentLease : IDisposable
{
    private readonly ReloadableComponent _owner;
    private readonly ReloadableComponent.Generation _generation;
    private bool _returned;

    internal ComponentLease(ReloadableComponent owner, ReloadableComponent.Generation generation)
    {
        _owner = owner;
        _generation = generation;
    }

    /// <summary>The compiled component to instantiate.</summary>
    public Component Component => _generation.Component;

    /// <summary>
    /// False once a fresh copy has replaced this one (<see cref="ReloadableComponent.ReleaseIdleSlots"/>):
    /// an instance kept for reuse should then be dropped, so the old copy and its slots can go.
    /// </summary>
    public bool IsCurrent => !_generation.Retired;

    /// <summary>Gives the copy back; the last lease of a replaced copy drops it.</summary>
    public void Dispose()
    {
        if (!_returned)
        {
            _returned = true;
            _owner.Return(_generation);
        }
    }
}
