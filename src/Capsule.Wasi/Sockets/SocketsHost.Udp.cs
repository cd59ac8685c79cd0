using Capsule.Wasi.Generated.Wasi.Sockets.Network;
using NetworkHandle = Capsule.Wit.Bindings.Borrow<Capsule.Wasi.Generated.Wasi.Sockets.Network.Network>;
using PollableHandle = Capsule.Wit.Bindings.Resource<Capsule.Wasi.Generated.Wasi.Io.Poll.Pollable>;
using Socket = Capsule.Wit.Bindings.Borrow<Capsule.Wasi.Generated.Wasi.Sockets.Udp.UdpSocket>;

namespace Capsule.Wasi.Sockets;

/// <summary>wasi:sockets/udp: no socket can exist, so these answer handles a guest can never hold.</summary>
internal sealed partial class SocketsHost : IUdp, IUdpSocketHost, IIncomingDatagramStreamHost, IOutgoingDatagramStreamHost
{
    IUdpSocketHost IUdp.UdpSocket => this;

    IIncomingDatagramStreamHost IUdp.IncomingDatagramStream => this;

    IOutgoingDatagramStreamHost IUdp.OutgoingDatagramStream => this;

    public Result<Unit, ErrorCode> StartBind(Socket self, NetworkHandle network, IpSocketAddress localAddress) => Denied;

    public Result<Unit, ErrorCode> FinishBind(Socket self) => Denied;

    public Result<(Resource<IncomingDatagramStream>, Resource<OutgoingDatagramStream>), ErrorCode> Stream(Socket self, IpSocketAddress? remoteAddress) =>
        Denied;

    public Result<IpSocketAddress, ErrorCode> LocalAddress(Socket self) => Denied;

    public Result<IpSocketAddress, ErrorCode> RemoteAddress(Socket self) => Denied;

    // ipv4 keeps the type honest.
    public IpAddressFamily AddressFamily(Socket self) => IpAddressFamily.Ipv4;

    public Result<byte, ErrorCode> UnicastHopLimit(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetUnicastHopLimit(Socket self, byte value) => Denied;

    public Result<ulong, ErrorCode> ReceiveBufferSize(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetReceiveBufferSize(Socket self, ulong value) => Denied;

    public Result<ulong, ErrorCode> SendBufferSize(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetSendBufferSize(Socket self, ulong value) => Denied;

    public PollableHandle Subscribe(Socket self) => Ready();

    public Result<IReadOnlyList<IncomingDatagram>, ErrorCode> Receive(Borrow<IncomingDatagramStream> self, ulong maxResults) => Denied;

    public PollableHandle Subscribe(Borrow<IncomingDatagramStream> self) => Ready();

    public Result<ulong, ErrorCode> CheckSend(Borrow<OutgoingDatagramStream> self) => Denied;

    public Result<ulong, ErrorCode> Send(Borrow<OutgoingDatagramStream> self, IReadOnlyList<OutgoingDatagram> datagrams) => Denied;

    public PollableHandle Subscribe(Borrow<OutgoingDatagramStream> self) => Ready();

    public void Drop(Resource<UdpSocket> self) => state.Table.Delete(self.Handle);

    public void Drop(Resource<IncomingDatagramStream> self) => state.Table.Delete(self.Handle);

    public void Drop(Resource<OutgoingDatagramStream> self) => state.Table.Delete(self.Handle);
}
