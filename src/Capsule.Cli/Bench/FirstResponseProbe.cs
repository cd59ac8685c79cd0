using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Capsule.Cli.Bench;

/// <summary>
/// Asks 127.0.0.1:port for <c>GET /</c> on a new connection and reads the status line,
/// as a client arriving at a server that is starting would (every 1 ms until a 200).
/// </summary>
public static class FirstResponseProbe
{
    /// <summary>True when one request on a new connection got a 200 status line.</summary>
    public static bool TryOnce(int port, string path = "/")
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 10_000 };
            socket.Connect(IPAddress.Loopback, port);
            socket.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
            Span<byte> status = stackalloc byte[12];
            var got = 0;
            while (got < status.Length)
            {
                var read = socket.Receive(status[got..]);
                if (read <= 0)
                {
                    return false;
                }
                got += read;
            }
            return status.StartsWith("HTTP/1."u8) && status[9..12].SequenceEqual("200"u8);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Polls every millisecond until a 200 arrives; returns the milliseconds since
    /// <paramref name="started"/>. Throws <see cref="BenchException"/> when the server exits
    /// first or nothing answers within <paramref name="timeout"/>.
    /// </summary>
    public static double WaitFor(int port, Stopwatch started, Process server, TimeSpan timeout, CancellationToken cancellation)
    {
        while (started.Elapsed < timeout)
        {
            cancellation.ThrowIfCancellationRequested();
            if (TryOnce(port))
            {
                return started.Elapsed.TotalMilliseconds;
            }
            if (server.HasExited)
            {
                throw new BenchException($"{Path.GetFileName(server.StartInfo.FileName)} exited ({server.ExitCode}) before answering");
            }
            Thread.Sleep(1);
        }
        throw new BenchException($"{Path.GetFileName(server.StartInfo.FileName)}: no 200 on port {port} within {timeout.TotalSeconds:0} s");
    }

    /// <summary>
    /// Waits (every millisecond, bounded by <paramref name="timeout"/>) until 127.0.0.1:<paramref name="port"/> accepts
    /// a connection, sending no request. Throws <see cref="BenchException"/> when the server exits first or times out.
    /// </summary>
    public static void WaitForListening(int port, Process server, TimeSpan timeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            if (server.HasExited)
            {
                throw new BenchException($"{Path.GetFileName(server.StartInfo.FileName)} exited ({server.ExitCode}) before listening");
            }
            Thread.Sleep(1);
        }
        throw new BenchException($"{Path.GetFileName(server.StartInfo.FileName)}: nothing listened on port {port} within {timeout.TotalSeconds:0} s");
    }

    /// <summary>A port nothing listens on right now (the kernel's pick).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
