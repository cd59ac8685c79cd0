using Capsule.Shim.Container;
using Capsule.Shim.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Capsule.Shim;

/// <summary>
/// <c>delete</c>: containerd's clean-up after a shim died. Unmounts the
/// bundle's rootfs, removes the socket, and prints a DeleteResponse (exit
/// status 137, as for a killed process) on stdout.
/// </summary>
internal static class DeleteCommand
{
    /// <summary>Runs <c>delete</c>; returns the exit code.</summary>
    public static int Run(ShimFlags flags)
    {
        RootfsMounts.UnmountAll(Path.Combine(flags.Bundle, "rootfs"));
        File.Delete(ShimSocket.PathFor(flags));
        var response = new DeleteResponse { ExitStatus = 128 + 9, ExitedAt = Timestamp.FromDateTime(DateTime.UtcNow) };
        using var stdout = Console.OpenStandardOutput();
        response.WriteTo(stdout);
        return 0;
    }
}
