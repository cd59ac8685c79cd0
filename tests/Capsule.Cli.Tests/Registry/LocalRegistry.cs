using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// A real OCI registry (Debian's docker-registry, the CNCF distribution server) on a free
/// loopback port, its storage in a temp folder, optionally behind htpasswd Basic auth;
/// killed on dispose. scripts/install-services.sh installs it.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly TempDir _folder = new();
    private readonly Process _process;

    private LocalRegistry(string? user, string? password)
    {
        var port = FreePort();
        Address = $"127.0.0.1:{port}";
        var auth = "";
        if (user is not null)
        {
            // bcrypt, as the registry requires: htpasswd from apache2-utils.
            var htpasswd = Process.Start(new ProcessStartInfo("htpasswd", ["-Bbn", user, password!]) { RedirectStandardOutput = true })!;
            var line = htpasswd.StandardOutput.ReadToEnd();
            htpasswd.WaitForExit();
            File.WriteAllText(_folder.Combine("htpasswd"), line);
            auth = $"auth:\n  htpasswd:\n    realm: capsule-test\n    path: {_folder.Combine("htpasswd")}\n";
        }
        File.WriteAllText(_folder.Combine("config.yml"),
            $"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {Storage}\nhttp:\n  addr: {Address}\n{auth}");
        _process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", _folder.Combine("config.yml")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilAnswering();
    }

    /// <summary>host:port to put in references.</summary>
    public string Address { get; }

    /// <summary>The registry's storage folder.</summary>
    public string Storage => _folder.Combine("storage");

    /// <summary>Starts a registry anyone may push to.</summary>
    public static LocalRegistry Start() => new(null, null);

    /// <summary>Starts a registry that wants <paramref name="user"/> and <paramref name="password"/> for everything.</summary>
    public static LocalRegistry StartWithAuth(string user, string password) => new(user, password);

    /// <summary>Where the registry keeps blob <paramref name="digest"/> (distribution's filesystem layout).</summary>
    public string BlobData(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(Storage, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilAnswering()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = client.GetAsync($"http://{Address}/v2/").GetAwaiter().GetResult();
                return; // 200, or 401 behind auth: it answers.
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Thread.Sleep(100);
            }
        }
        Dispose();
        throw new InvalidOperationException($"docker-registry did not start on {Address}");
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _folder.Dispose();
    }
}
