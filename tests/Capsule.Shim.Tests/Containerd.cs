using System.Diagnostics;

namespace Capsule.Shim.Tests;

/// <summary>
/// A containerd of the test's own (Debian's containerd 1.6, scripts/install-services.sh):
/// its root, state and socket in a temp folder, the CRI plugin off, and the
/// shim's folder first on its PATH so that the runtime io.containerd.capsule.v1
/// finds containerd-shim-capsule-v1. Stopped and removed on dispose.
/// </summary>
public sealed class Containerd : IDisposable
{
    private readonly Process _process;

    public Containerd(string folder, string shimFolder)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "config.toml");
        File.WriteAllText(config, $"""
            version = 2
            root = "{folder}/root"
            state = "{folder}/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "{Socket}"
            """);
        var start = new ProcessStartInfo("containerd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        start.Environment["PATH"] = shimFolder + ":" + Environment.GetEnvironmentVariable("PATH");
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => { lock (Log) { Log.AppendLine(e.Data); } };
        _process.OutputDataReceived += (_, e) => { lock (Log) { Log.AppendLine(e.Data); } };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (Command.Try("ctr", ["-a", Socket, "version"], TimeSpan.FromSeconds(30)).Code != 0)
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"containerd did not start: {Log}");
            }
            Thread.Sleep(200);
        }
    }

    public string Folder { get; }

    public string Socket => Path.Combine(Folder, "c.sock");

    public string State => Path.Combine(Folder, "state");

    /// <summary>containerd's own log (the shim's diagnostics reach it through the bundle's log fifo).</summary>
    public System.Text.StringBuilder Log { get; } = new();

    /// <summary>Runs ctr against this containerd; stdout, or a failure naming stderr and containerd's log.</summary>
    public string Ctr(params string[] args) => Command.Run("ctr", ["-a", Socket, .. args], TimeSpan.FromMinutes(3));

    /// <summary>Runs ctr against this containerd; the exit code, stdout and stderr.</summary>
    public (int Code, string Stdout, string Stderr) TryCtr(params string[] args) => Command.Try("ctr", ["-a", Socket, .. args], TimeSpan.FromMinutes(3));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        // containerd's snapshots are mounted under its root while containers exist; none should, but a failed test may leave one.
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p.StartsWith(Folder, StringComparison.Ordinal)).Reverse())
        {
            Command.Try("umount", ["-l", line], TimeSpan.FromSeconds(10));
        }
    }
}
