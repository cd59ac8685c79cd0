using System.Diagnostics;

namespace Capsule.Runtime.Running;

/// <summary>
/// Bounds how many guests execute at once (run slots, by default one per core) and
/// shares them fairly between groups (a served app's components). A run takes a slot
/// before its guest starts (<see cref="RunTurn.StartAsync"/>: an asynchronous wait,
/// no thread held, bounded by the run's own deadline), gives it up while it blocks on
/// the host (<see cref="RunDeadline.Wait"/>), and, once it has computed for
/// <see cref="Slice"/> while others wait, passes it on at its next epoch tick and
/// waits at the back of its group's queue (<see cref="RunTurn"/>). Slots go round
/// robin across the groups that wait, so a flood of one group's guests cannot keep
/// another's from running; within a group, first come first served.
/// A paused run holds its pool thread, and a pool short of threads delays everything
/// (the health route too: under 100 loopers, up to 10 paused runs made the pool add
/// threads only every half second); so a queued new run starts only while fewer than
/// <see cref="Slots"/> + <see cref="MaxPaused"/> (one per slot) runs have started and not
/// ended, else its group's paused runs go first.
/// Thread-safe: one lock guards the counts and queues.
/// </summary>
public sealed class RunSlots
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedList<RunTurn>> _queues = new(StringComparer.Ordinal);
    private readonly List<LinkedList<RunTurn>> _order = [];
    private readonly long _sliceTicks;
    private int _free;
    private int _next;
    private int _waiting;
    private int _paused;
    private int _started;

    /// <summary>Runs longer than this while others wait pass their slot on: 20 ms, two epoch ticks.</summary>
    public static TimeSpan DefaultSlice { get; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// <paramref name="slots"/> guests executing at once, each passing its slot on
    /// after <paramref name="slice"/> (default <see cref="DefaultSlice"/>) when others wait.
    /// </summary>
    public RunSlots(int slots, TimeSpan? slice = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = slots;
        _free = slots;
        Slice = slice ?? DefaultSlice;
        _sliceTicks = (long)(Slice.TotalSeconds * Stopwatch.Frequency);
        MaxPaused = slots;
    }

    /// <summary>How many guests may execute at once.</summary>
    public int Slots { get; }

    /// <summary>How long a run computes before it passes its slot to a waiting one.</summary>
    public TimeSpan Slice { get; }

    /// <summary>Paused runs (each blocking its thread) allowed beside the running ones before a group's new runs wait for its paused ones.</summary>
    public int MaxPaused { get; }

    /// <summary>Runs waiting for a slot, new or paused.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// A turn for one run of <paramref name="group"/> whose deadline is
    /// <paramref name="limit"/> from now (none if null): its wait for a slot counts against it.
    /// </summary>
    public RunTurn Turn(string group, TimeSpan? limit)
    {
        LinkedList<RunTurn> queue;
        lock (_lock)
        {
            if (!_queues.TryGetValue(group, out queue!))
            {
                queue = new LinkedList<RunTurn>();
                _queues.Add(group, queue);
                _order.Add(queue);
            }
        }
        return new RunTurn(this, queue, limit);
    }

    internal bool SliceUsed(RunTurn turn) =>
        Volatile.Read(ref _waiting) > 0 && Stopwatch.GetTimestamp() - turn.HeldSince >= _sliceTicks;

    // Takes a free slot when nobody waits; else queues the turn. True when it holds a slot.
    internal bool TakeOrQueue(RunTurn turn, bool started)
    {
        lock (_lock)
        {
            if (_free > 0 && _waiting == 0)
            {
                _free--;
                Hold(turn, fromQueue: false);
                return true;
            }
            Enqueue(turn, started);
            return false;
        }
    }

    // Passes the turn's slot on when someone waits, queuing the turn behind its group.
    // True when the turn keeps (or got back) its slot at once.
    internal bool PassOn(RunTurn turn)
    {
        lock (_lock)
        {
            if (!turn.Holding || _waiting == 0)
            {
                turn.HeldSince = Stopwatch.GetTimestamp();
                return turn.Holding;
            }
            Enqueue(turn, started: true);
            turn.Holding = false;
            _free++;
            GrantWaiters();
            return turn.Holding;
        }
    }

    // Gives the slot back (if held) and leaves the queue (if in it).
    internal void Leave(RunTurn turn)
    {
        lock (_lock)
        {
            if (turn.Node is not null)
            {
                Dequeue(turn);
                turn.Granted?.TrySetResult(false);
            }
            if (turn.Holding)
            {
                turn.Holding = false;
                _free++;
                GrantWaiters();
            }
        }
    }

    // The run ended: out of the queue, its slot given back, its thread no longer counted.
    internal void End(RunTurn turn)
    {
        Leave(turn);
        lock (_lock)
        {
            if (turn.Started)
            {
                // Ended: no longer a thread held by a started run.
                turn.Started = false;
                _started--;
            }
            if (!turn.Counted)
            {
                return;
            }
            turn.Counted = false;
        }
        LongRunningGuests.Exit();
    }

    // Under the lock. A queued new run given a slot needs a pool thread now (its
    // continuation) and keeps it, running or paused, until it ends: the pool's minimum
    // is raised by one for it (LongRunningGuests), else the pool adds threads only
    // every half second while paused runs hold theirs, and slots sit granted but idle
    // (measured: grants waited 200-600 ms for a thread under a flood of loopers).
    // A run that takes a free slot at once is already on its thread: nothing to add.
    private void Hold(RunTurn turn, bool fromQueue)
    {
        if (fromQueue && !turn.Started && !turn.Counted)
        {
            turn.Counted = true;
            LongRunningGuests.Enter();
        }
        if (!turn.Started)
        {
            _started++;
        }
        turn.Holding = true;
        turn.Started = true;
        turn.HeldSince = Stopwatch.GetTimestamp();
    }

    private void Enqueue(RunTurn turn, bool started)
    {
        turn.Granted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        turn.Started = started;
        turn.Node = turn.Queue.AddLast(turn);
        _waiting++;
        if (started)
        {
            _paused++;
        }
    }

    private void Dequeue(RunTurn turn)
    {
        turn.Queue.Remove(turn.Node!);
        turn.Node = null;
        _waiting--;
        if (turn.Started)
        {
            _paused--;
        }
    }

    // Hands free slots to waiters, one group after another (round robin). A new run
    // whose deadline passed while it waited is told so instead of started.
    private void GrantWaiters()
    {
        while (_free > 0 && _waiting > 0)
        {
            for (var i = 0; i < _order.Count; i++)
            {
                var index = (_next + i) % _order.Count;
                if (_order[index].First is null)
                {
                    continue;
                }
                var turn = Choose(_order[index]);
                _next = (index + 1) % _order.Count;
                Dequeue(turn);
                if (!turn.Started && turn.IsPastDue)
                {
                    turn.Granted!.TrySetResult(false);
                    break;
                }
                _free--;
                Hold(turn, fromQueue: true);
                turn.Granted!.TrySetResult(true);
                break;
            }
        }
    }

    // The head of the queue, unless too many runs have started: then its first paused run.
    private RunTurn Choose(LinkedList<RunTurn> queue)
    {
        if (_started >= Slots + MaxPaused)
        {
            for (var node = queue.First; node is not null; node = node.Next)
            {
                if (node.Value.Started)
                {
                    return node.Value;
                }
            }
        }
        return queue.First!.Value;
    }
}
