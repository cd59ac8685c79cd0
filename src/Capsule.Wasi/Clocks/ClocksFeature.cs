namespace Capsule.Wasi.Clocks;

/// <summary>wasi:clocks: the monotonic and the wall clock. No per-instance state.</summary>
public sealed class ClocksFeature : IHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker) => linker.Define(ClockInterfaces.Create());
}
