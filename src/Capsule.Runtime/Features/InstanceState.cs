using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Features;

/// <summary>
/// Everything one instance's host functions share: the resource table, the run's
/// deadline, the grants, and one typed slot per host feature (as
/// <c>HttpContext.Features</c> does). Created per run or request by the host's
/// features (<see cref="IHostFeature.Prepare"/>), used by one thread, disposed with
/// its store: the table's leftovers first, then every disposable feature state.
/// </summary>
public sealed class InstanceState : IDisposable
{
    private object?[] _slots = new object?[FeatureSlots.Count];
    private bool _disposed;

    /// <summary>The state of an instance granted <paramref name="grants"/>, whose host waits end at <paramref name="deadline"/>.</summary>
    public InstanceState(GuestGrants grants, RunDeadline deadline)
    {
        Grants = grants;
        Deadline = deadline;
    }

    /// <summary>What this instance was granted.</summary>
    public GuestGrants Grants { get; }

    /// <summary>
    /// The run's deadline and cancellation: every host wait (poll, blocking stream calls, outbound HTTP) ends at it.
    /// A reused instance gets each request's own before the guest runs.
    /// </summary>
    public RunDeadline Deadline { get; set; }

    /// <summary>Handles the guest holds.</summary>
    public ResourceTable Table { get; } = new();

    /// <summary>The state a feature keeps for this instance; throws when that feature prepared none (a host bug).</summary>
    public T Get<T>()
        where T : class =>
        Find<T>() ?? throw new InvalidOperationException($"this instance has no {typeof(T).Name}: its feature was not prepared");

    /// <summary>The state a feature keeps for this instance, or null.</summary>
    public T? Find<T>()
        where T : class
    {
        var index = FeatureSlot<T>.Index;
        return index < _slots.Length ? (T?)_slots[index] : null;
    }

    /// <summary>
    /// The <typeparamref name="T"/> of this instance, made by <paramref name="create"/> on first use: a feature's
    /// per-instance object costs nothing to instances that never call the feature (pass a static lambda).
    /// </summary>
    public T GetOrCreate<T>(Func<InstanceState, T> create)
        where T : class
    {
        if (Find<T>() is { } existing)
        {
            return existing;
        }
        var made = create(this);
        Set(made);
        return made;
    }

    /// <summary>Keeps <paramref name="state"/> as this instance's <typeparamref name="T"/>; disposed with the instance when disposable.</summary>
    public void Set<T>(T state)
        where T : class
    {
        var index = FeatureSlot<T>.Index;
        if (index >= _slots.Length)
        {
            Array.Resize(ref _slots, FeatureSlots.Count);
        }
        _slots[index] = state;
    }

    /// <summary>Releases what the guest left in the table, then the feature states (no state may depend on another's being alive).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Table.Dispose();
        for (var i = _slots.Length - 1; i >= 0; i--)
        {
            (_slots[i] as IDisposable)?.Dispose();
            _slots[i] = null;
        }
    }
}
