using System.Diagnostics;

namespace Capsule.Runtime.Running;

/// <summary>
/// One run's claim on a <see cref="RunSlots"/> slot: taken before the guest starts
/// (<see cref="StartAsync"/>), passed on at an epoch tick once its slice is used and
/// others wait, given up while the run blocks on the host, and given back when the
/// turn is disposed (the run ended). The run's <see cref="RunDeadline"/> counts from
/// when the turn was made, so time spent waiting for a slot is part of the run's limit.
/// Used by the run's own thread; the slots' lock guards what others change.
/// </summary>
public sealed class RunTurn : IDisposable
{
    private readonly RunSlots _slots;
    private readonly long _dueTimestamp;

    internal RunTurn(RunSlots slots, LinkedList<RunTurn> queue, TimeSpan? limit)
    {
        _slots = slots;
        Queue = queue;
        Since = Stopwatch.GetTimestamp();
        _dueTimestamp = limit is { } l
            ? Since + (long)Math.Min(l.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2)
            : long.MaxValue;
    }

    /// <summary>When the turn was made (<see cref="Stopwatch.GetTimestamp"/>): the run's deadline counts from here.</summary>
    public long Since { get; }

    /// <summary>Whether the run holds a slot now.</summary>
    public bool Holding { get; internal set; }

    // What the slots' lock guards: the group's queue, this turn's place in it and the wait it is woken from.
    internal LinkedList<RunTurn> Queue { get; }

    internal LinkedListNode<RunTurn>? Node { get; set; }

    internal TaskCompletionSource<bool>? Granted { get; set; }

    // The guest has run (a paused run holds a blocked thread; a new one holds none).
    internal bool Started { get; set; }

    internal long HeldSince { get; set; }

    // Counted in LongRunningGuests from its first slot until it ends.
    internal bool Counted { get; set; }

    internal bool IsPastDue => Stopwatch.GetTimestamp() >= _dueTimestamp;

    /// <summary>
    /// Waits (asynchronously, no thread held) for a slot; false when the run's deadline
    /// passed first or <paramref name="cancel"/> fired (the caller tells which).
    /// </summary>
    public async ValueTask<bool> StartAsync(CancellationToken cancel)
    {
        if (_slots.TakeOrQueue(this, started: false))
        {
            return true;
        }
        var granted = Granted!.Task;
        while (true)
        {
            try
            {
                var left = _dueTimestamp == long.MaxValue
                    ? Timeout.InfiniteTimeSpan
                    : TimeSpan.FromSeconds(Math.Max(0, (_dueTimestamp - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));
                return await granted.WaitAsync(left, cancel) && !cancel.IsCancellationRequested;
            }
            catch (TimeoutException) when (!IsPastDue)
            {
                // The timer came a little early: wait out the rest.
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Out of the queue; a slot granted at this very moment goes back with Dispose.
                _slots.Leave(this);
                return false;
            }
        }
    }

    /// <summary>
    /// On the guest's thread at an epoch tick: when its slice is used and others wait,
    /// passes the slot on and blocks until it comes back. False when the run must stop
    /// (its deadline passed or it was cancelled while it waited).
    /// </summary>
    internal bool OnTick(RunDeadline deadline)
    {
        if (!Holding || !_slots.SliceUsed(this) || _slots.PassOn(this))
        {
            return true;
        }
        return AwaitSlot(deadline);
    }

    /// <summary>Before the run blocks on the host: the slot is free for others meanwhile.</summary>
    internal void Pause() => _slots.Leave(this);

    /// <summary>After the run blocked on the host: takes a slot again, waiting in line if need be. False when the run must stop.</summary>
    internal bool Resume(RunDeadline deadline) =>
        _slots.TakeOrQueue(this, started: true) || AwaitSlot(deadline);

    private bool AwaitSlot(RunDeadline deadline)
    {
        if (deadline.Block(Granted!.Task) && Granted.Task.Result)
        {
            return true;
        }
        _slots.Leave(this);
        return false;
    }

    /// <summary>The run ended: gives its slot back, or leaves the queue.</summary>
    public void Dispose() => _slots.End(this);
}
