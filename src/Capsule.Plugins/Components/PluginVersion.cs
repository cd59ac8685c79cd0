using System.Collections.Concurrent;
using Capsule.Runtime.Loading;

namespace Capsule.Plugins.Components;

/// <summary>
/// One loaded version of a plugin's code and its idle instances. Calls hold it while they run; once
/// replaced (<see cref="Retire"/>), it takes no new calls and is released when the last one ends, so calls
/// in flight finish on the code they started on.
/// </summary>
internal sealed class PluginVersion(LoadedGuest guest, int number) : IDisposable
{
    private readonly ConcurrentBag<PluginInstance> _idle = [];
    private int _holds = 1; // the plugin's own hold, given up by Retire
    private int _released;

    public LoadedGuest Guest { get; } = guest;

    /// <summary>1 for the first version loaded, then one more per reload.</summary>
    public int Number { get; } = number;

    public bool Retired { get; private set; }

    /// <summary>Holds the version for a call; false if it was released meanwhile.</summary>
    public bool TryHold()
    {
        int holds;
        do
        {
            holds = Volatile.Read(ref _holds);
            if (holds == 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _holds, holds + 1, holds) != holds);
        return true;
    }

    /// <summary>Ends a call's hold.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _holds) == 0)
        {
            Dispose();
        }
    }

    /// <summary>An idle instance, or null.</summary>
    public PluginInstance? TakeIdle() => _idle.TryTake(out var instance) ? instance : null;

    /// <summary>Keeps <paramref name="instance"/> for a later call (or drops it if the version is retired).</summary>
    public void ReturnIdle(PluginInstance instance)
    {
        if (Retired)
        {
            instance.Dispose();
            return;
        }
        _idle.Add(instance);
    }

    /// <summary>Takes no more calls; released once the calls in flight end.</summary>
    public void Retire()
    {
        Retired = true;
        Release();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }
        while (_idle.TryTake(out var instance))
        {
            instance.Dispose();
        }
        Guest.Dispose();
    }
}
