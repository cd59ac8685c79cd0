using Capsule.Wasi.Cli;
using Capsule.Wasi.Clocks;
using Capsule.Wasi.Filesystem;
using Capsule.Wasi.Http;
using Capsule.Wasi.Io;
using Capsule.Wasi.Random;
using Capsule.Wasi.Sockets;

namespace Capsule.Wasi;

/// <summary>
/// The features of Capsule's WASI 0.2 host, in the order they link (io first: its resources are used by the
/// others) and in which <c>capsule inspect</c> lists their hints.
/// </summary>
public static class WasiFeatures
{
    /// <summary>New instances of every WASI feature (one list per host: a feature may hold process-wide state).</summary>
    public static IReadOnlyList<IHostFeature> Create() =>
    [
        new IoFeature(),
        new ClocksFeature(),
        new RandomFeature(),
        new FilesystemFeature(),
        new CliFeature(),
        new HttpFeature(),
        new SocketsFeature(),
    ];
}
