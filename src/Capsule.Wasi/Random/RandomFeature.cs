using Capsule.Runtime.Features;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;

namespace Capsule.Wasi.Random;

/// <summary>wasi:random: secure and insecure random numbers. No per-instance state.</summary>
public sealed class RandomFeature : IHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        foreach (var iface in RandomInterfaces.Create())
        {
            linker.Define(iface);
        }
    }

    /// <inheritdoc/>
    public void Prepare(InstanceState state, GuestOutput output)
    {
    }
}
