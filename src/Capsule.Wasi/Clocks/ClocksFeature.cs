namespace Capsule.Wasi.Clocks;

/// <summary>wasi:clocks: the monotonic and the wall clock. No per-instance state.</summary>
public sealed class ClocksFeature : IHostFeature, Runtime.Components.Running.ILoweredHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker) => linker.Define(ClockInterfaces.Create());

    /// <inheritdoc/>
    public IEnumerable<Runtime.Components.Abi.LoweredInterface> Lowerings() =>
    [
        MonotonicClockLowerings.Create(abi => ((InstanceState)abi.Host!).GetOrCreate(static state => new MonotonicClockHost(state.Table))),
        Generated.Wasi.Clocks.WallClock.WallClockLowerings.Create(_ => WallClockHost.Instance),
    ];
}
