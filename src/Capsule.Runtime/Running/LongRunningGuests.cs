namespace Capsule.Runtime.Running;

/// <summary>
/// Keeps the thread pool able to serve while guests compute for long on its
/// threads. A served guest runs on its request's pool thread (no hand-off);
/// one that loops or computes for seconds holds that thread, and the .NET pool
/// adds threads for busy (not blocked) ones only slowly: 4 looping guests on 2
/// cores made a healthy route wait 4-5 s (HostileLoadTests). Each guest that
/// has run longer than <see cref="Threshold"/> raises the pool's minimum by
/// one until it ends, so the pool adds a thread at once; short requests never
/// reach the threshold, so CPU-bound throughput is not spread over extra threads.
/// The raise is capped (<see cref="MaxExtraThreads"/>): admission bounds how
/// many guests run, and past that many every core is busy with them anyway.
/// A host call that blocks its thread on I/O for the guest (a Redis reply) counts
/// the same while it waits: the reply may itself need a pool thread.
/// Thread-safe.
/// </summary>
public static class LongRunningGuests
{
    private static readonly Lock Gate = new();
    private static int _count;
    private static (int Worker, int Io)? _base;

    /// <summary>How long a guest runs before it counts as long-running: 50 ms, far beyond a normal request.</summary>
    public static TimeSpan Threshold { get; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Most threads added this way: 8 per core, at least 64.</summary>
    public static int MaxExtraThreads { get; } = Math.Max(64, 8 * Environment.ProcessorCount);

    /// <summary>A guest passed the threshold, or a host call blocks on I/O: one more pool thread may start without delay.</summary>
    public static void Enter() => Adjust(+1);

    /// <summary>That guest ended, or that host call returned.</summary>
    public static void Exit() => Adjust(-1);

    /// <summary>
    /// <see cref="Enter"/> now and <see cref="Exit"/> when the scope is disposed: for a
    /// thread about to block on host I/O (<c>using var _ = LongRunningGuests.Blocking();</c>).
    /// </summary>
    public static BlockingScope Blocking()
    {
        Enter();
        return new BlockingScope(counted: true);
    }

    /// <summary>One <see cref="Blocking"/> call's count; <c>default</c> counts nothing.</summary>
    public readonly struct BlockingScope(bool counted) : IDisposable
    {
        /// <summary>Gives the count back.</summary>
        public void Dispose()
        {
            if (counted)
            {
                Exit();
            }
        }
    }

    private static void Adjust(int change)
    {
        lock (Gate)
        {
            if (_base is null)
            {
                ThreadPool.GetMinThreads(out var worker, out var io);
                _base = (worker, io);
            }
            _count += change;
            ThreadPool.SetMinThreads(_base.Value.Worker + Math.Min(_count, MaxExtraThreads), _base.Value.Io);
        }
    }
}
