using Capsule.Wasi.Generated.Wasi.Sockets.Network;

namespace Capsule.Wasi.Sockets;

/// <summary>wasi:sockets: a network handle but never a socket (no network is granted). No per-instance state beyond the resource table.</summary>
public sealed class SocketsFeature : IHostFeature, Runtime.Components.Running.ILoweredHostFeature
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
        linker.Define(NetworkImports.Create(static store => Host(store.State)));
        linker.Define(InstanceNetworkImports.Create(static store => Host(store.State)));
        linker.Define(IpNameLookupImports.Create(static store => Host(store.State)));
        linker.Define(TcpCreateSocketImports.Create(static store => Host(store.State)));
        linker.Define(TcpImports.Create(static store => Host(store.State)));
        linker.Define(UdpCreateSocketImports.Create(static store => Host(store.State)));
        linker.Define(UdpImports.Create(static store => Host(store.State)));
    }

    /// <inheritdoc/>
    public IEnumerable<Runtime.Components.Abi.LoweredInterface> Lowerings() =>
    [
        NetworkLowerings.Create(static abi => Host((InstanceState)abi.Host!)),
        InstanceNetworkLowerings.Create(static abi => Host((InstanceState)abi.Host!)),
        IpNameLookupLowerings.Create(static abi => Host((InstanceState)abi.Host!)),
        TcpCreateSocketLowerings.Create(static abi => Host((InstanceState)abi.Host!)),
        TcpLowerings.Create(static abi => Host((InstanceState)abi.Host!)),
        UdpCreateSocketLowerings.Create(static abi => Host((InstanceState)abi.Host!)),
        UdpLowerings.Create(static abi => Host((InstanceState)abi.Host!)),
    ];

    // Made at the instance's first sockets call: most instances never make one.
    private static SocketsHost Host(InstanceState state) => state.GetOrCreate(static s => new SocketsHost(s));
}
