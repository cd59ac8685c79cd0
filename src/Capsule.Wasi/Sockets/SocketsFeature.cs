using Capsule.Runtime.Features;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi.Binding;

namespace Capsule.Wasi.Sockets;

/// <summary>wasi:sockets: a network handle but never a socket (no network is granted). No per-instance state beyond the resource table.</summary>
public sealed class SocketsFeature : IHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        foreach (var iface in SocketsBindings.Create())
        {
            linker.Define(iface);
        }
    }

    /// <inheritdoc/>
    public void Prepare(InstanceState state, GuestOutput output)
    {
    }
}
