using System.Diagnostics;

namespace Capsule.Runtime.Running;

/// <summary>Why a run was stopped from outside the guest.</summary>
public enum RunStop
{
    /// <summary>Its wall-clock limit passed.</summary>
    TimedOut,

    /// <summary>Its caller cancelled it (an HTTP client disconnected).</summary>
    Cancelled,
}

/// <summary>
/// The wall-clock deadline and cancellation of one run, measured on the
/// monotonic clock from when the run starts. Guest code is checked on every
/// epoch tick (the store's epoch-deadline callback), host waits through
/// <see cref="Wait"/>; either way the run stops at its deadline however busy
/// the machine is, and the first reason to stop is the one reported.
/// Checked on the guest's thread; <see cref="Cancel"/> may come from any.
/// </summary>
public sealed class RunDeadline : IDisposable
{
    private readonly long _dueTimestamp;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly CancellationToken _cancel;
    private readonly RunTurn? _turn;
    private bool _longRunning;
    private int _stop = -1;
    private bool _disposed;

    // Made only when host work needs a token (a wait, outbound HTTP): most runs
    // never wait, and a source with its timer and a registration on the caller's
    // token cost about a microsecond per request. The caller's token is read instead.
    private CancellationTokenSource? _stopped;
    private CancellationTokenRegistration _cancelRegistration;

    /// <summary>
    /// A deadline <paramref name="limit"/> from now (none if null), cancelled also by <paramref name="cancel"/>.
    /// With a <paramref name="turn"/> (the run's claim on a <see cref="RunSlots"/> slot), the limit counts from
    /// when the turn was made (its wait for a slot is part of it), the guest passes its slot on at an epoch tick
    /// once its slice is used, and gives it up while it waits on the host.
    /// </summary>
    public RunDeadline(TimeSpan? limit, CancellationToken cancel = default, RunTurn? turn = null)
    {
        Limit = limit;
        _dueTimestamp = limit is { } l
            ? (turn?.Since ?? Stopwatch.GetTimestamp()) + (long)Math.Min(l.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2)
            : long.MaxValue;
        _cancel = cancel;
        _turn = turn;
    }

    /// <summary>A run without a deadline that nobody cancels.</summary>
    public static RunDeadline None() => new(null);

    /// <summary>The wall-clock limit, if any.</summary>
    public TimeSpan? Limit { get; }

    /// <summary>Why the run was stopped, once it was.</summary>
    public RunStop? StoppedBy
    {
        get
        {
            NoteCallerCancel();
            return _stop < 0 ? null : (RunStop)_stop;
        }
    }

    /// <summary>
    /// Cancelled when the run is stopped, its deadline passes, or it ends
    /// (disposed): host work started for the guest (an outbound request) stops with it.
    /// </summary>
    public CancellationToken Token => (_stopped ?? CreateToken()).Token;

    /// <summary>Time left before the deadline (<see cref="Timeout.InfiniteTimeSpan"/> without one).</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (_dueTimestamp == long.MaxValue)
            {
                return Timeout.InfiniteTimeSpan;
            }
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _dueTimestamp);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Stops the run as cancelled (unless it already stopped).</summary>
    public void Cancel()
    {
        if (Interlocked.CompareExchange(ref _stop, (int)RunStop.Cancelled, -1) == -1)
        {
            TryCancelToken();
        }
    }

    /// <summary>Whether the run must stop now: cancelled, or past its deadline (recorded as the reason).</summary>
    public bool IsDue()
    {
        if (_stop >= 0 || NoteCallerCancel())
        {
            return true;
        }
        // The token without a recorded reason: its timer saw the deadline first.
        if (Stopwatch.GetTimestamp() < _dueTimestamp && _stopped?.IsCancellationRequested != true)
        {
            return false;
        }
        Interlocked.CompareExchange(ref _stop, (int)RunStop.TimedOut, -1);
        TryCancelToken();
        return true;
    }

    /// <summary>
    /// The check made on every epoch tick, on the guest's thread: whether the
    /// run must stop now (<see cref="IsDue"/>). A run past
    /// <see cref="LongRunningGuests.Threshold"/> is counted as long-running
    /// until it ends, so that the thread it holds is made up for. A run with a
    /// <see cref="RunTurn"/> that used its slice while others wait passes its slot
    /// on here and blocks until its turn comes again.
    /// </summary>
    public bool OnTick()
    {
        if (!_longRunning && Stopwatch.GetElapsedTime(_startTimestamp) > LongRunningGuests.Threshold)
        {
            _longRunning = true;
            LongRunningGuests.Enter();
        }
        return IsDue() || (_turn is { } turn && !turn.OnTick(this)) || IsDue();
    }

    /// <summary>The exception that stops the guest: thrown from a host function, it traps the call.</summary>
    public RunStoppedException Stopped() =>
        new(StoppedBy == RunStop.Cancelled
            ? "the run was cancelled (the client disconnected)"
            : $"the run's time limit of {Grants.Duration.Format(Limit ?? TimeSpan.Zero)} passed");

    /// <summary>
    /// Blocks until <paramref name="task"/> completes; throws <see cref="RunStoppedException"/>
    /// when the deadline passes or the run is cancelled first. A faulted task is not rethrown:
    /// the caller inspects it.
    /// While it blocks, the pool thread counts as a long-running guest's
    /// (<see cref="LongRunningGuests"/>): the pool adds a thread at once, whatever the
    /// host process's runtime configuration says about blocked threads (an app
    /// embedding Capsule, or the test host, has not capsule's).
    /// </summary>
    public void Wait(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }
        // Blocked, the run computes nothing: its run slot is free for another meanwhile.
        _turn?.Pause();
        if (!Block(task) || (_turn is { } turn && !turn.Resume(this)))
        {
            throw Stopped();
        }
    }

    /// <summary>
    /// Blocks until <paramref name="task"/> completes (true) or the run must stop (false),
    /// counted as a long-running guest's thread meanwhile (see <see cref="Wait"/>).
    /// </summary>
    internal bool Block(Task task)
    {
        // A run already counted as long-running has raised the pool's minimum for this thread.
        using var blocking = _longRunning ? default : LongRunningGuests.Blocking();
        while (!task.IsCompleted)
        {
            if (IsDue())
            {
                return false;
            }
            var left = Remaining;
            // Task.Wait with a timeout counts the clock in the kernel (no pool timer), and a pool
            // thread blocked in it tells the pool to add threads (see Capsule.Cli.csproj).
            var slice = left == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, int.MaxValue);
            try
            {
                task.Wait(slice, Token);
            }
            catch (OperationCanceledException)
            {
                // Cancelled or due: the next turn says which.
            }
            catch (AggregateException)
            {
                return true;
            }
        }
        return true;
    }

    // The caller's token fired (the client left): recorded as the reason unless another came first.
    private bool NoteCallerCancel()
    {
        if (!_cancel.IsCancellationRequested)
        {
            return false;
        }
        Cancel();
        return true;
    }

    // On the run's thread. The source is cancelled at the deadline (a pool timer, for
    // asynchronous host work only: nothing the guest waits on depends on it, Wait counts
    // the clock itself), when the caller cancels, and at once if the run already stopped.
    private CancellationTokenSource CreateToken()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var source = new CancellationTokenSource();
        // A pool timer cannot be set beyond int.MaxValue ms (~24.8 days); a longer
        // limit still holds through IsDue and Wait, which read the clock.
        if (Limit is not null && Remaining is var left && left.TotalMilliseconds <= int.MaxValue)
        {
            source.CancelAfter(left);
        }
        Interlocked.Exchange(ref _stopped, source);
        _cancelRegistration = _cancel.Register(Cancel);
        if (IsDue())
        {
            // Stopped or past due before the source existed (or while it was being made).
            TryCancelToken();
        }
        return source;
    }

    private void TryCancelToken()
    {
        try
        {
            Volatile.Read(ref _stopped)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already ended.
        }
    }

    /// <summary>Ends the run: cancels <see cref="Token"/> and detaches from the caller's token.</summary>
    public void Dispose()
    {
        if (_longRunning)
        {
            _longRunning = false;
            LongRunningGuests.Exit();
        }
        _disposed = true;
        _cancelRegistration.Dispose();
        TryCancelToken();
        _stopped?.Dispose();
    }
}

/// <summary>A run was stopped at its deadline or cancelled while the guest waited on the host.</summary>
public sealed class RunStoppedException(string message) : Exception(message);
