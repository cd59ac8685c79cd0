namespace Capsule.Hosting.Admission;

/// <summary>
/// Decides whether a request may start an instance now, wait, or get a 503.
/// An instance is admitted when its component is under its maximum and its
/// cost (<see cref="ComponentDemand.Cost"/>: pool slots, memory reservation)
/// fits in what is left of the capacity after every other component's unused
/// reserved share; so a component under its reserved share always fits, and
/// one component's flood can take only the shared rest. Otherwise the request
/// waits in its component's bounded queue (FIFO, asynchronously, no thread
/// held) for at most <see cref="AdmissionOptions.QueueTimeout"/>.
/// Thread-safe: one lock guards the counts; a woken waiter's continuation
/// runs asynchronously, never under the lock.
/// </summary>
public sealed class AdmissionGate
{
    private readonly object _lock = new();
    private readonly AdmissionOptions _options;
    private readonly Dictionary<string, ComponentState> _components;
    private readonly ComponentState[] _order;
    private AdmissionResources _used;
    private int _nextToWake;
    private int _waiting;

    /// <summary>
    /// A gate over <paramref name="capacity"/> for <paramref name="demands"/>.
    /// Throws <see cref="ArgumentException"/> when the options are out of range or
    /// the reserved shares together do not fit the capacity (they would be
    /// promises that cannot be kept).
    /// </summary>
    public AdmissionGate(AdmissionOptions options, AdmissionResources capacity, IEnumerable<ComponentDemand> demands)
    {
        options.Validate();
        _options = options;
        Capacity = capacity;
        _order = demands.Select(d => new ComponentState(this, d)).ToArray();
        _components = _order.ToDictionary(c => c.Demand.Id);
        var reserved = default(AdmissionResources);
        foreach (var component in _order)
        {
            reserved += component.Demand.Reserved * component.Demand.Cost;
            if (reserved.FirstOver(capacity, reserved, state: "promised") is { } over)
            {
                throw new ArgumentException($"the reserved shares do not fit: with {component.Demand.Reserved} reserved for '{component.Demand.Id}', {over}");
            }
        }
    }

    /// <summary>Everything admitted instances may take at once.</summary>
    public AdmissionResources Capacity { get; }

    /// <summary>The components, as admission sees them.</summary>
    public IEnumerable<ComponentDemand> Components => _order.Select(c => c.Demand);

    /// <summary>
    /// Drops one idle kept instance (instance reuse) and gives its share back;
    /// true if there was one. Asked outside the lock when a request would otherwise
    /// wait, and again once it waits: an idle instance holds pool slots and memory
    /// that nobody uses, and must not make another request wait or get a 503.
    /// </summary>
    public Func<bool>? ReclaimIdle { get; set; }

    // A full fence (not just Volatile.Read): the caller has just made an instance idle and the waiter has
    // just counted itself before looking for idle ones; each must see the other's write.
    /// <summary>Whether any request waits in a queue: an instance that finishes should then give its share back rather than stay idle.</summary>
    public bool HasWaiters => Interlocked.CompareExchange(ref _waiting, 0, 0) > 0;

    /// <summary>The <c>Retry-After</c> seconds of a refusal.</summary>
    public int RetryAfterSeconds => _options.RetryAfterSeconds;

    /// <summary>
    /// Admits a request for <paramref name="componentId"/> now, after a wait in
    /// its queue, or refuses it (queue full, waited too long, or the client
    /// left: <paramref name="aborted"/>). Never throws for load.
    /// </summary>
    public async ValueTask<AdmissionTicket> EnterAsync(string componentId, CancellationToken aborted)
    {
        var component = _components[componentId];
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> queued;
        lock (_lock)
        {
            if (component.Queue.Count == 0 && Blocker(component) is null)
            {
                Take(component);
                return Admitted(component);
            }
        }
        if (TryReclaim(component) is { } reclaimed)
        {
            return reclaimed;
        }
        lock (_lock)
        {
            if (component.Queue.Count >= _options.QueueLength)
            {
                return Refused(component, $"queue {component.Queue.Count}/{_options.QueueLength} full");
            }
            // Only a request that waits gets a waiter (most are admitted at once).
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            queued = component.Queue.AddLast(waiter);
            _waiting++;
        }
        // An instance may have gone idle while this request got in line: its share wakes the queue.
        while (ReclaimIdle is { } reclaim && !waiter.Task.IsCompleted && reclaim())
        {
        }
        try
        {
            await waiter.Task.WaitAsync(_options.QueueTimeout, aborted);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_lock)
            {
                if (!waiter.Task.IsCompleted)
                {
                    component.Queue.Remove(queued);
                    _waiting--;
                    return Refused(component, aborted.IsCancellationRequested
                        ? "the client left while queued"
                        : $"waited {Runtime.Grants.Duration.Format(_options.QueueTimeout)} in the queue");
                }
            }
            // Admitted at the very moment the wait ended: keep the instance unless the client left.
            if (aborted.IsCancellationRequested)
            {
                Release(component);
                return AdmissionTicket.Refused($"admission: component {componentId}: the client left while queued");
            }
        }
        return Admitted(component);
    }

    // Idle kept instances hold shares nobody uses: drop them while that could make room.
    // Not when the component's own maximum blocks it (its idle instances would have been reused).
    private AdmissionTicket? TryReclaim(ComponentState component)
    {
        while (ReclaimIdle is { } reclaim)
        {
            lock (_lock)
            {
                if (Blocker(component) == "")
                {
                    return null;
                }
            }
            if (!reclaim())
            {
                return null;
            }
            lock (_lock)
            {
                if (component.Queue.Count == 0 && Blocker(component) is null)
                {
                    Take(component);
                    return Admitted(component);
                }
            }
        }
        return null;
    }

    private AdmissionTicket Admitted(ComponentState component) => AdmissionTicket.Admitted(component.ReleaseOne);

    // Under the lock. The message names the bound that holds the request back.
    private AdmissionTicket Refused(ComponentState component, string queue)
    {
        var demand = component.Demand;
        var bound = Blocker(component) is { } over and not "" ? $", {over}" : "";
        return AdmissionTicket.Refused($"admission: component {demand.Id} at {component.InFlight}/{demand.MaxConcurrent} in flight{bound}, {queue}");
    }

    /// <summary>
    /// Null when one more instance of <paramref name="component"/> may start;
    /// "" when its own maximum stops it; else the shared count that does.
    /// Under the lock.
    /// </summary>
    private string? Blocker(ComponentState component)
    {
        if (component.InFlight >= component.Demand.MaxConcurrent)
        {
            return "";
        }
        var after = _used + component.Demand.Cost;
        var held = default(AdmissionResources);
        foreach (var other in _order)
        {
            var inFlight = other == component ? other.InFlight + 1 : other.InFlight;
            if (other.Demand.Reserved > inFlight)
            {
                held += (other.Demand.Reserved - inFlight) * other.Demand.Cost;
            }
        }
        return (after + held).FirstOver(Capacity, _used, held);
    }

    private void Take(ComponentState component)
    {
        component.InFlight++;
        _used += component.Demand.Cost;
    }

    private void Release(ComponentState component)
    {
        lock (_lock)
        {
            component.InFlight--;
            _used -= component.Demand.Cost;
            WakeWaiters();
        }
    }

    // Admit queued requests while any fits, one component after another
    // (round robin), so no component's queue starves behind another's.
    private void WakeWaiters()
    {
        var woken = true;
        while (woken)
        {
            woken = false;
            for (var i = 0; i < _order.Length; i++)
            {
                var index = (_nextToWake + i) % _order.Length;
                var component = _order[index];
                if (component.Queue.First is { } head && Blocker(component) is null)
                {
                    component.Queue.RemoveFirst();
                    _waiting--;
                    Take(component);
                    head.Value.SetResult();
                    _nextToWake = (index + 1) % _order.Length;
                    woken = true;
                    break;
                }
            }
        }
    }

    private sealed class ComponentState
    {
        public ComponentState(AdmissionGate gate, ComponentDemand demand)
        {
            Demand = demand;
            // One delegate per component, not one closure per admitted request.
            ReleaseOne = () => gate.Release(this);
        }

        public Action ReleaseOne { get; }

        public ComponentDemand Demand { get; }

        public int InFlight { get; set; }

        public LinkedList<TaskCompletionSource> Queue { get; } = new();
    }
}
