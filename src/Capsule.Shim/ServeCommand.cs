using Capsule.Shim.Container;
using Capsule.Shim.Native;
using Capsule.Shim.Ttrpc;

namespace Capsule.Shim;

/// <summary>
/// The serving shim process <c>start</c> launched: a session of its own, the
/// ttrpc task service on the shim socket, until containerd calls Shutdown.
/// </summary>
internal static class ServeCommand
{
    /// <summary>Serves until Shutdown; returns the exit code.</summary>
    public static async Task<int> RunAsync(ShimFlags flags)
    {
        Libc.SetSid(); // not in containerd's process group: its signals are not ours
        ShimLog.UseBundleLog(flags.Bundle);
        var path = ShimSocket.PathFor(flags);
        System.Net.Sockets.Socket listener;
        try
        {
            listener = ShimSocket.Listen(path);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            Console.Out.WriteLine($"error: cannot listen on {path}: {e.Message}");
            return 1;
        }
        using var events = new EventPublisher(flags);
        using var service = new TaskService(events);
        using var stop = new CancellationTokenSource();
        var server = new TtrpcServer(listener, service.HandleAsync, (area, message) => ShimLog.Write("warning", $"{area}: {message}"))
        {
            Replied = method =>
            {
                if (method == "Shutdown" && service.ShutdownAccepted)
                {
                    stop.Cancel();
                }
            },
        };
        Console.Out.WriteLine("unix://" + path);
        Console.Out.Flush();
        // The start process read the address and exits: nothing may write to its pipe any more.
        foreach (var fd in new[] { 0, 1, 2 })
        {
            Libc.Redirect("/dev/null", fd);
        }
        ShimLog.Write("info", $"serving task {flags.Id} on {path}");
        await server.RunAsync(stop.Token);
        listener.Dispose();
        File.Delete(path);
        ShimLog.Write("info", "shut down");
        return 0;
    }
}
