using Capsule.Runtime.Features;
using Capsule.Runtime.Inspection;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi.Binding;

namespace Capsule.Wasi.Sockets;

/// <summary>wasi:sockets: a network handle but never a socket (no network is granted). No per-instance state beyond the resource table.</summary>
public sealed class SocketsFeature : IHostFeature
{
    /// <inheritdoc/>
    public IReadOnlyList<GrantHintRule> GrantHints { get; } =
    [
        new("network sockets", "not grantable: every socket operation is denied", name =>
            name.StartsWith("wasi:sockets/", StringComparison.Ordinal) || GrantHintRule.IsPreview1(name, "sock_accept", "sock_recv", "sock_send")),
    ];

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
