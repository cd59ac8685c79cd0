namespace Capsule.Runtime.Engine;

/// <summary>
/// Advances an engine's epoch on a fixed period from a dedicated background
/// thread, so that stores with an epoch deadline are interrupted when their
/// time is up. Owned by <see cref="CapsuleEngine"/>; stops when disposed.
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
        // the deadline of a runaway guest.
        _thread = new Thread(Run) { IsBackground = true, Name = "capsule-epoch-ticker" };
        _thread.Start();
    }

    private void Run()
    {
        while (!_stop.Wait(_period))
        {
            _engine.IncrementEpoch();
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
