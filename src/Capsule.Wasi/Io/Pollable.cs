namespace Capsule.Wasi.Io;

/// <summary>
/// wasi:io/poll pollable: something that becomes ready. Every wait in WASI
/// goes through one of these, so <c>poll</c> can block on many at once.
/// </summary>
public abstract class Pollable
{
    /// <summary>Whether it is ready now.</summary>
    public abstract bool IsReady { get; }

    /// <summary>A task that completes when it is ready (completed already if it is).</summary>
    public abstract Task WhenReady();

    /// <summary>Blocks the calling thread until ready, or until <paramref name="deadline"/> stops the run (throws).</summary>
    public void Block(RunDeadline deadline) => deadline.Wait(WhenReady());

    /// <summary>
    /// Blocks until at least one of <paramref name="pollables"/> is ready and
    /// returns the indexes of all that are. An empty list is a guest bug (it
    /// would wait forever), as the spec says: it traps. The wait ends (throws)
    /// when <paramref name="deadline"/> stops the run.
    /// </summary>
    public static IReadOnlyList<uint> Poll(IReadOnlyList<Pollable> pollables, RunDeadline deadline)
    {
        if (pollables.Count == 0)
        {
            throw new InvalidOperationException("poll was given no pollables");
        }
        if (!pollables.Any(p => p.IsReady))
        {
            // Task.Wait (inside deadline.Wait), not Task.WaitAny: a pool thread blocked
            // in Wait tells the pool, which then adds threads at once (see Capsule.Cli.csproj).
            deadline.Wait(Task.WhenAny(pollables.Select(p => p.WhenReady())));
        }
        var ready = new List<uint>();
        for (var i = 0; i < pollables.Count; i++)
        {
            if (pollables[i].IsReady)
            {
                ready.Add((uint)i);
            }
        }
        return ready;
    }
}

/// <summary>A pollable that is always ready (files, stdout, closed streams).</summary>
public sealed class ReadyPollable : Pollable, ISharedResource
{
    /// <summary>The shared instance; pollables carry no state when always ready.</summary>
    public static ReadyPollable Instance { get; } = new();

    /// <inheritdoc/>
    public override bool IsReady => true;

    /// <inheritdoc/>
    public override Task WhenReady() => Task.CompletedTask;
}

/// <summary>A pollable that becomes ready when a task completes.</summary>
public sealed class TaskPollable(Task task) : Pollable
{
    /// <inheritdoc/>
    public override bool IsReady => task.IsCompleted;

    /// <inheritdoc/>
    public override Task WhenReady() => task;
}

/// <summary>
/// A stream's readiness, asked afresh each time: one per stream, handed out
/// by every subscribe (a table entry shared by all its handles).
/// </summary>
public sealed class LivePollable(Func<Task> whenReady) : Pollable, ISharedResource
{
    /// <inheritdoc/>
    public override bool IsReady => whenReady().IsCompleted;

    /// <inheritdoc/>
    public override Task WhenReady() => whenReady();
}
