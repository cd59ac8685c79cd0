using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Capsule.Shim;

/// <summary>
/// Where the shim listens: <c>/run/containerd/s/&lt;sha256 of address/namespace/id&gt;</c>,
/// as containerd's own shims derive it (short enough for a unix socket path,
/// distinct per containerd instance, namespace and task).
/// </summary>
internal static class ShimSocket
{
    /// <summary>The folder of shim sockets (containerd's default state folder).</summary>
    public const string Folder = "/run/containerd/s";

    /// <summary>The socket path for <paramref name="flags"/>.</summary>
    public static string PathFor(ShimFlags flags)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{flags.Address}/{flags.Namespace}/{flags.Id}"));
        return Path.Combine(Folder, Convert.ToHexStringLower(hash));
    }

    /// <summary>A socket listening at <paramref name="path"/> (a stale file from a dead shim is replaced), reachable by root only.</summary>
    public static Socket Listen(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        socket.Listen(16);
        return socket;
    }
}
