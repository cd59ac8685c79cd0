using Capsule.Runtime.Native;
using Capsule.Wasi.Io;
using Capsule.Wasi.Sockets;
using static Capsule.Wasi.Binding.BindingHelpers;

namespace Capsule.Wasi.Binding;

/// <summary>
/// wasi:sockets, every interface present and every operation denied
/// (<c>access-denied</c>): there is no network grant, so a guest can hold a
/// network handle but never a socket. Outbound HTTP goes through wasi:http
/// and its allow-list instead.
/// </summary>
internal static class SocketsBindings
{
    private static readonly string[] TcpResultMethods =
    [
        "start-bind", "finish-bind", "start-connect", "finish-connect", "start-listen", "finish-listen", "accept",
        "local-address", "remote-address", "set-listen-backlog-size", "keep-alive-enabled", "set-keep-alive-enabled",
        "keep-alive-idle-time", "set-keep-alive-idle-time", "keep-alive-interval", "set-keep-alive-interval",
        "keep-alive-count", "set-keep-alive-count", "hop-limit", "set-hop-limit", "receive-buffer-size",
        "set-receive-buffer-size", "send-buffer-size", "set-send-buffer-size", "shutdown",
    ];

    private static readonly string[] UdpResultMethods =
    [
        "start-bind", "finish-bind", "stream", "local-address", "remote-address", "unicast-hop-limit",
        "set-unicast-hop-limit", "receive-buffer-size", "set-receive-buffer-size", "send-buffer-size", "set-send-buffer-size",
    ];

    public static IEnumerable<HostInterface> Create()
    {
        var network = new HostInterface(WasiTypes.Interface("wasi:sockets/network"));
        network.Resources["network"] = (WasiTypes.Network, Drop);
        network.Functions["network-error-code"] = (store, args, results) =>
        {
            _ = store.Get<IoError>(args[0]);
            results[0].SetNone();
        };
        yield return network;

        var instanceNetwork = new HostInterface(WasiTypes.Interface("wasi:sockets/instance-network"));
        instanceNetwork.Functions["instance-network"] = (store, _, results) => results[0].SetOwn(store, WasiTypes.Network, new Network());
        yield return instanceNetwork;

        var lookup = new HostInterface(WasiTypes.Interface("wasi:sockets/ip-name-lookup"));
        lookup.Resources["resolve-address-stream"] = (WasiTypes.ResolveAddressStream, Drop);
        lookup.Functions["resolve-addresses"] = Deny;
        lookup.Functions["[method]resolve-address-stream.resolve-next-address"] = Deny;
        lookup.Functions["[method]resolve-address-stream.subscribe"] = Ready;
        yield return lookup;

        var tcpCreate = new HostInterface(WasiTypes.Interface("wasi:sockets/tcp-create-socket"));
        tcpCreate.Functions["create-tcp-socket"] = Deny;
        yield return tcpCreate;

        var tcp = new HostInterface(WasiTypes.Interface("wasi:sockets/tcp"));
        tcp.Resources["tcp-socket"] = (WasiTypes.TcpSocket, Drop);
        foreach (var method in TcpResultMethods)
        {
            tcp.Functions[$"[method]tcp-socket.{method}"] = Deny;
        }
        tcp.Functions["[method]tcp-socket.is-listening"] = (_, args, results) =>
        {
            ResolveHandles(args);
            results[0].SetBool(false);
        };
        tcp.Functions["[method]tcp-socket.address-family"] = AddressFamily;
        tcp.Functions["[method]tcp-socket.subscribe"] = Ready;
        yield return tcp;

        var udpCreate = new HostInterface(WasiTypes.Interface("wasi:sockets/udp-create-socket"));
        udpCreate.Functions["create-udp-socket"] = Deny;
        yield return udpCreate;

        var udp = new HostInterface(WasiTypes.Interface("wasi:sockets/udp"));
        udp.Resources["udp-socket"] = (WasiTypes.UdpSocket, Drop);
        udp.Resources["incoming-datagram-stream"] = (WasiTypes.IncomingDatagramStream, Drop);
        udp.Resources["outgoing-datagram-stream"] = (WasiTypes.OutgoingDatagramStream, Drop);
        foreach (var method in UdpResultMethods)
        {
            udp.Functions[$"[method]udp-socket.{method}"] = Deny;
        }
        udp.Functions["[method]udp-socket.address-family"] = AddressFamily;
        udp.Functions["[method]udp-socket.subscribe"] = Ready;
        udp.Functions["[method]incoming-datagram-stream.receive"] = Deny;
        udp.Functions["[method]incoming-datagram-stream.subscribe"] = Ready;
        udp.Functions["[method]outgoing-datagram-stream.check-send"] = Deny;
        udp.Functions["[method]outgoing-datagram-stream.send"] = Deny;
        udp.Functions["[method]outgoing-datagram-stream.subscribe"] = Ready;
        yield return udp;
    }

    /// <summary>result&lt;_, error-code&gt; = err(access-denied), after resolving every handle argument.</summary>
    private static void Deny(ComponentStore store, ValSpan args, ValSpan results)
    {
        ResolveHandles(args);
        results[0].SetResult(ok: false, hasPayload: true).SetEnum("access-denied");
    }

    private static void Ready(ComponentStore store, ValSpan args, ValSpan results)
    {
        ResolveHandles(args);
        results[0].SetOwn(store, WasiTypes.Pollable, ReadyPollable.Instance);
    }

    // No socket can exist, so this is never reached with a real socket; ipv4 keeps the type honest.
    private static void AddressFamily(ComponentStore store, ValSpan args, ValSpan results)
    {
        ResolveHandles(args);
        results[0].SetEnum("ipv4");
    }

    // Wasmtime traps a call that leaves a borrowed handle unresolved.
    private static void ResolveHandles(ValSpan args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].Kind == ComponentValKind.Resource)
            {
                _ = args[i].Resource;
            }
        }
    }
}
