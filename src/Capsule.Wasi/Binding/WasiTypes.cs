using Capsule.Wit.Bindings;

namespace Capsule.Wasi.Binding;

/// <summary>
/// Host resource type ids, one per WIT resource type. A handle carries its
/// type, so a guest cannot pass an output-stream where a pollable is due.
/// The ids are those of the generated marker classes, so hand-written and
/// generated bindings agree while both exist.
/// </summary>
internal static class WasiTypes
{
    public static readonly uint IoError = ResourceType<Generated.Wasi.Io.Error.Error>.Id;
    public static readonly uint Pollable = ResourceType<Generated.Wasi.Io.Poll.Pollable>.Id;
    public static readonly uint InputStream = ResourceType<Generated.Wasi.Io.Streams.InputStream>.Id;
    public static readonly uint OutputStream = ResourceType<Generated.Wasi.Io.Streams.OutputStream>.Id;
    public static readonly uint TerminalInput = ResourceType<Generated.Wasi.Cli.TerminalInput.TerminalInput>.Id;
    public static readonly uint TerminalOutput = ResourceType<Generated.Wasi.Cli.TerminalOutput.TerminalOutput>.Id;
    public static readonly uint Descriptor = ResourceType<Generated.Wasi.Filesystem.Types.Descriptor>.Id;
    public static readonly uint DirectoryEntryStream = ResourceType<Generated.Wasi.Filesystem.Types.DirectoryEntryStream>.Id;
    public static readonly uint Network = ResourceType<Generated.Wasi.Sockets.Network.Network>.Id;
    public static readonly uint TcpSocket = ResourceType<Generated.Wasi.Sockets.Tcp.TcpSocket>.Id;
    public static readonly uint UdpSocket = ResourceType<Generated.Wasi.Sockets.Udp.UdpSocket>.Id;
    public static readonly uint IncomingDatagramStream = ResourceType<Generated.Wasi.Sockets.Udp.IncomingDatagramStream>.Id;
    public static readonly uint OutgoingDatagramStream = ResourceType<Generated.Wasi.Sockets.Udp.OutgoingDatagramStream>.Id;
    public static readonly uint ResolveAddressStream = ResourceType<Generated.Wasi.Sockets.IpNameLookup.ResolveAddressStream>.Id;
    public static readonly uint Fields = ResourceType<Generated.Wasi.Http.Types.Fields>.Id;
    public static readonly uint IncomingRequest = ResourceType<Generated.Wasi.Http.Types.IncomingRequest>.Id;
    public static readonly uint OutgoingRequest = ResourceType<Generated.Wasi.Http.Types.OutgoingRequest>.Id;
    public static readonly uint RequestOptions = ResourceType<Generated.Wasi.Http.Types.RequestOptions>.Id;
    public static readonly uint ResponseOutparam = ResourceType<Generated.Wasi.Http.Types.ResponseOutparam>.Id;
    public static readonly uint IncomingResponse = ResourceType<Generated.Wasi.Http.Types.IncomingResponse>.Id;
    public static readonly uint IncomingBody = ResourceType<Generated.Wasi.Http.Types.IncomingBody>.Id;
    public static readonly uint FutureTrailers = ResourceType<Generated.Wasi.Http.Types.FutureTrailers>.Id;
    public static readonly uint OutgoingResponse = ResourceType<Generated.Wasi.Http.Types.OutgoingResponse>.Id;
    public static readonly uint OutgoingBody = ResourceType<Generated.Wasi.Http.Types.OutgoingBody>.Id;
    public static readonly uint FutureIncomingResponse = ResourceType<Generated.Wasi.Http.Types.FutureIncomingResponse>.Id;

    /// <summary>The WASI 0.2 version Capsule defines; a guest's 0.2.x import matches it by semver.</summary>
    public const string Version = "0.2.12";

    public static string Interface(string name) => $"{name}@{Version}";
}
