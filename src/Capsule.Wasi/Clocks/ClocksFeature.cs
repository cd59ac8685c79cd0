using Capsule.Runtime.Features;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;

namespace Capsule.Wasi.Clocks;

/// <summary>wasi:clocks: the monotonic and the wall clock. No per-instance state.</summary>
public sealed class ClocksFeature : IHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        foreach (var iface in ClockInterfaces.Create())
        {
            linker.Define(iface);
        }
    }

    /// <inheritdoc/>
    public void Prepare(InstanceState state, GuestOutput output)
    {
    }
}
