using System.Diagnostics;

namespace Capsule.Runtime.Engine;

/// <summary>
/// Advances an engine's epoch from a dedicated background thread, so that
/// running guest code checks its store's deadline (the epoch-deadline
/// callback) about once a period. The epoch follows the clock: each wake-up
/// adds the ticks owed since the start, not one, so a starved thread that
/// wakes late catches up. Owned by <see cref="CapsuleEngine"/>; stops when disposed.
/// </summary>
internal sealed class EpochTicker : IDisposable
{
    private readonly Wasmtime.Engine _engine;
    private readonly TimeSpan _period;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;

    public EpochTicker(Wasmtime.Engine engine, TimeSpan period)
    {
        _engine = engine;
        _period = period;
        // Not a timer: timer callbacks run on the thread pool, and a starved
        // pool (measured: seconds late while compiles ran) must never delay
        // the deadline of a runaway guest. Above normal priority where the OS
        // honours it; correctness does not depend on it (deadlines are clock-checked).
        _thread = new Thread(Run) { IsBackground = true, Name = "capsule-epoch-ticker", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    private void Run()
    {
        var started = Stopwatch.GetTimestamp();
        long advanced = 0;
        while (!_stop.Wait(_period))
        {
            var owed = (long)(Stopwatch.GetElapsedTime(started) / _period);
            // At least one per wake-up: a deadline check must follow every wait.
            do
            {
                _engine.IncrementEpoch();
                advanced++;
            }
            while (advanced < owed);
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
