namespace Capsule.Runtime.Diagnostics;

/// <summary>
/// What one run of a guest (one served request) used, filled in as it runs: host calls by
/// interface (counted by the native callback), instantiation time, and what the caller measures
/// around it (CPU time, bytes). Not thread-safe: the run's own thread writes it.
/// </summary>
public sealed class RunCost
{
    private int[] _hostCalls = [];

    /// <summary>CPU time of the serving thread while the guest ran, host calls included.</summary>
    public TimeSpan GuestCpu { get; set; }

    /// <summary>Time spent instantiating (zero for a kept instance that was already made).</summary>
    public TimeSpan Instantiate { get; set; }

    /// <summary>Request body bytes the guest read.</summary>
    public long BytesIn { get; set; }

    /// <summary>Response body bytes sent.</summary>
    public long BytesOut { get; set; }

    /// <summary>
    /// The guest's linear memory at its largest, in bytes (memories never shrink, so this is their size when
    /// the run ended, summed over the instance's memories); null where Capsule cannot see the memories
    /// (components on Wasmtime's component C API).
    /// </summary>
    public long? PeakMemoryBytes { get; set; }

    /// <summary>Fuel the guest consumed; null unless the engine meters fuel.</summary>
    public ulong? Fuel { get; set; }

    /// <summary>Whether host calls were counted (false on Wasmtime's own WASI preview 1, which WAGI modules run on).</summary>
    public bool CountsHostCalls { get; set; } = true;

    /// <summary>Host functions called, in all.</summary>
    public int TotalHostCalls { get; private set; }

    /// <summary>Host functions called per interface (short names: <c>wasi:http/types</c>), busiest first.</summary>
    public IEnumerable<(string Interface, int Calls)> HostCalls =>
        _hostCalls.Select((calls, index) => (HostInterfaceNames.Of(index), calls)).Where(c => c.calls > 0).OrderByDescending(c => c.calls);

    /// <summary>Counts one call to a host function of interface <paramref name="index"/> (<see cref="HostInterfaceNames"/>).</summary>
    public void CountHostCall(int index)
    {
        if (index >= _hostCalls.Length)
        {
            Array.Resize(ref _hostCalls, Math.Max(index + 1, HostInterfaceNames.Count));
        }
        _hostCalls[index]++;
        TotalHostCalls++;
    }
}
