using Capsule.Wasi.Generated.Wasi.Sockets.Network;
using InputStreamHandle = Capsule.Wit.Bindings.Resource<Capsule.Wasi.Generated.Wasi.Io.Streams.InputStream>;
using NetworkHandle = Capsule.Wit.Bindings.Borrow<Capsule.Wasi.Generated.Wasi.Sockets.Network.Network>;
using OutputStreamHandle = Capsule.Wit.Bindings.Resource<Capsule.Wasi.Generated.Wasi.Io.Streams.OutputStream>;
using PollableHandle = Capsule.Wit.Bindings.Resource<Capsule.Wasi.Generated.Wasi.Io.Poll.Pollable>;
using Socket = Capsule.Wit.Bindings.Borrow<Capsule.Wasi.Generated.Wasi.Sockets.Tcp.TcpSocket>;

namespace Capsule.Wasi.Sockets;

/// <summary>wasi:sockets/tcp: no socket can exist, so these answer handles a guest can never hold.</summary>
internal sealed partial class SocketsHost : ITcp, ITcpSocketHost
{
    ITcpSocketHost ITcp.TcpSocket => this;

    public Result<Unit, ErrorCode> StartBind(Socket self, NetworkHandle network, IpSocketAddress localAddress) => Denied;

    public Result<Unit, ErrorCode> FinishBind(Socket self) => Denied;

    public Result<Unit, ErrorCode> StartConnect(Socket self, NetworkHandle network, IpSocketAddress remoteAddress) => Denied;

    public Result<(InputStreamHandle, OutputStreamHandle), ErrorCode> FinishConnect(Socket self) => Denied;

    public Result<Unit, ErrorCode> StartListen(Socket self) => Denied;

    public Result<Unit, ErrorCode> FinishListen(Socket self) => Denied;

    public Result<(Resource<TcpSocket>, InputStreamHandle, OutputStreamHandle), ErrorCode> Accept(Socket self) => Denied;

    public Result<IpSocketAddress, ErrorCode> LocalAddress(Socket self) => Denied;

    public Result<IpSocketAddress, ErrorCode> RemoteAddress(Socket self) => Denied;

    public bool IsListening(Socket self) => false;

    // ipv4 keeps the type honest.
    public IpAddressFamily AddressFamily(Socket self) => IpAddressFamily.Ipv4;

    public Result<Unit, ErrorCode> SetListenBacklogSize(Socket self, ulong value) => Denied;

    public Result<bool, ErrorCode> KeepAliveEnabled(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetKeepAliveEnabled(Socket self, bool value) => Denied;

    public Result<ulong, ErrorCode> KeepAliveIdleTime(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetKeepAliveIdleTime(Socket self, ulong value) => Denied;

    public Result<ulong, ErrorCode> KeepAliveInterval(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetKeepAliveInterval(Socket self, ulong value) => Denied;

    public Result<uint, ErrorCode> KeepAliveCount(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetKeepAliveCount(Socket self, uint value) => Denied;

    public Result<byte, ErrorCode> HopLimit(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetHopLimit(Socket self, byte value) => Denied;

    public Result<ulong, ErrorCode> ReceiveBufferSize(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetReceiveBufferSize(Socket self, ulong value) => Denied;

    public Result<ulong, ErrorCode> SendBufferSize(Socket self) => Denied;

    public Result<Unit, ErrorCode> SetSendBufferSize(Socket self, ulong value) => Denied;

    public PollableHandle Subscribe(Socket self) => Ready();

    public Result<Unit, ErrorCode> Shutdown(Socket self, ShutdownType shutdownType) => Denied;

    public void Drop(Resource<TcpSocket> self) => state.Table.Delete(self.Handle);
}
