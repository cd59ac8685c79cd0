using Capsule.Wasi.Generated.Wasi.Sockets.Network;
using NetworkMarker = Capsule.Wasi.Generated.Wasi.Sockets.Network.Network;
using PollableHandle = Capsule.Wit.Bindings.Resource<Capsule.Wasi.Generated.Wasi.Io.Poll.Pollable>;
using ReadyPollable = Capsule.Wasi.Io.ReadyPollable;
using TcpSocketMarker = Capsule.Wasi.Generated.Wasi.Sockets.Tcp.TcpSocket;
using UdpSocketMarker = Capsule.Wasi.Generated.Wasi.Sockets.Udp.UdpSocket;

namespace Capsule.Wasi.Sockets;

/// <summary>
/// wasi:sockets for one instance, every interface present and every operation denied
/// (<c>access-denied</c>): there is no network grant, so a guest can hold a network
/// handle but never a socket. Outbound HTTP goes through wasi:http and its allow-list
/// instead. Sockets' methods: SocketsHost.Tcp.cs and SocketsHost.Udp.cs.
/// </summary>
internal sealed partial class SocketsHost(InstanceState state)
    : INetwork, INetworkHost, IInstanceNetwork, IIpNameLookup, IResolveAddressStreamHost, ITcpCreateSocket, IUdpCreateSocket
{
    // The one answer to everything a socket would do.
    private const ErrorCode Denied = ErrorCode.AccessDenied;

    INetworkHost INetwork.Network => this;

    IResolveAddressStreamHost IIpNameLookup.ResolveAddressStream => this;

    public Resource<NetworkMarker> InstanceNetwork() => new(state.Table.Add(new Network()));

    public Result<Resource<ResolveAddressStream>, ErrorCode> ResolveAddresses(Borrow<NetworkMarker> network, string name) => Denied;

    public Result<IpAddress?, ErrorCode> ResolveNextAddress(Borrow<ResolveAddressStream> self) => Denied;

    public PollableHandle Subscribe(Borrow<ResolveAddressStream> self) => Ready();

    public Result<Resource<TcpSocketMarker>, ErrorCode> CreateTcpSocket(IpAddressFamily addressFamily) => Denied;

    public Result<Resource<UdpSocketMarker>, ErrorCode> CreateUdpSocket(IpAddressFamily addressFamily) => Denied;

    public void Drop(Resource<NetworkMarker> self) => state.Table.Delete(self.Handle);

    public void Drop(Resource<ResolveAddressStream> self) => state.Table.Delete(self.Handle);

    private PollableHandle Ready() => new(state.Table.Add(ReadyPollable.Instance));
}
