namespace Capsule.Wasi.Binding;

/// <summary>
/// Host resource type ids, one per WIT resource type. A handle carries its
/// type, so a guest cannot pass an output-stream where a pollable is due.
/// </summary>
internal static class WasiTypes
{
    public const uint IoError = 1;
    public const uint Pollable = 2;
    public const uint InputStream = 3;
    public const uint OutputStream = 4;
    public const uint TerminalInput = 5;
    public const uint TerminalOutput = 6;
    public const uint Descriptor = 7;
    public const uint DirectoryEntryStream = 8;
    public const uint Network = 9;
    public const uint TcpSocket = 10;
    public const uint UdpSocket = 11;
    public const uint IncomingDatagramStream = 12;
    public const uint OutgoingDatagramStream = 13;
    public const uint ResolveAddressStream = 14;
    public const uint Fields = 20;
    public const uint IncomingRequest = 21;
    public const uint OutgoingRequest = 22;
    public const uint RequestOptions = 23;
    public const uint ResponseOutparam = 24;
    public const uint IncomingResponse = 25;
    public const uint IncomingBody = 26;
    public const uint FutureTrailers = 27;
    public const uint OutgoingResponse = 28;
    public const uint OutgoingBody = 29;
    public const uint FutureIncomingResponse = 30;

    /// <summary>The WASI 0.2 version Capsule defines; a guest's 0.2.x import matches it by semver.</summary>
    public const string Version = "0.2.12";

    public static string Interface(string name) => $"{name}@{Version}";
}
