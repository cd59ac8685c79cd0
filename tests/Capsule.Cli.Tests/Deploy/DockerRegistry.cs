using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Capsule.Cli.Tests.Deploy;

/// <summary>
/// A real OCI registry (Debian's docker-registry, installed by scripts/install-services.sh)
/// on a free loopback port, plain HTTP, its storage in a temp folder; stopped on dispose.
/// </summary>
public sealed class DockerRegistry : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Process _process;

    public DockerRegistry()
    {
        Port = FreePort();
        var config = _dir.Combine("config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {_dir.Combine("storage")}
            http:
              addr: 127.0.0.1:{Port}
            """);
        var start = new ProcessStartInfo("docker-registry", ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true };
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start docker-registry (scripts/install-services.sh installs it)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (!Answers(client))
        {
            if (_process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                Dispose();
                throw new InvalidOperationException($"docker-registry did not start on port {Port}");
            }
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    /// <summary>host:port, as image references name it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _dir.Dispose();
    }

    private bool Answers(HttpClient client)
    {
        try
        {
            return client.GetAsync($"http://{Host}/v2/").Result.StatusCode == HttpStatusCode.OK;
        }
        catch (AggregateException)
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
