namespace Capsule.Runtime.Engine;

/// <summary>
/// Advances an engine's epoch on a fixed period from a background thread, so
/// that stores with an epoch deadline are interrupted when their time is up.
/// Owned by <see cref="CapsuleEngine"/>; stops when disposed.
/// </summary>
internal sealed class EpochTicker : IDisposable
{
    private readonly Wasmtime.Engine _engine;
    private readonly PeriodicTimer _timer;
    private readonly Thread _thread;

    public EpochTicker(Wasmtime.Engine engine, TimeSpan period)
    {
        _engine = engine;
        _timer = new PeriodicTimer(period);
        // A dedicated background thread: thread-pool starvation under load
        // must never delay the deadline of a runaway guest.
        _thread = new Thread(Run) { IsBackground = true, Name = "capsule-epoch-ticker" };
        _thread.Start();
    }

    private void Run()
    {
        while (_timer.WaitForNextTickAsync().AsTask().GetAwaiter().GetResult())
        {
            _engine.IncrementEpoch();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _thread.Join();
    }
}
