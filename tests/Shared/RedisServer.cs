using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Capsule.Tests.Shared;

/// <summary>
/// A real redis-server (Debian's, installed by scripts/install-services.sh) on a free
/// loopback port, with no persistence and its working folder in a temp dir; stopped on dispose.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly TempDir dir = new();
    private Process? process;

    public RedisServer()
    {
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>Starts the server (again, after <see cref="Kill"/>) and waits until it accepts connections.</summary>
    public void Start()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.Path, "--protected-mode", "no" })
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: run scripts/install-services.sh", e);
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!Accepts())
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port}");
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>Kills the server at once (SIGKILL) and waits for it to be gone.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }
        process?.Dispose();
        process = null;
    }

    public void Dispose()
    {
        Kill();
        dir.Dispose();
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
