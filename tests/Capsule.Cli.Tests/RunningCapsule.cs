using System.Collections.Concurrent;
using System.Diagnostics;

namespace Capsule.Cli.Tests;

/// <summary>A capsule process still running: its output lines as they come, signals, and its exit.</summary>
public sealed class RunningCapsule : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly Task[] _pumps;

    public RunningCapsule(Process process)
    {
        _process = process;
        _process.StandardInput.Close();
        _pumps = [Pump(_process.StandardOutput), Pump(_process.StandardError)];
    }

    /// <summary>Every output line not yet taken by <see cref="WaitForLine"/>, once the process has closed its output.</summary>
    public async Task<IReadOnlyList<string>> RemainingLines()
    {
        await Task.WhenAll(_pumps);
        return [.. _lines];
    }

    private async Task Pump(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            _lines.Add(line);
        }
    }

    /// <summary>Waits for an output line (stdout or stderr) that satisfies <paramref name="match"/>.</summary>
    public Task<string> WaitForLine(Func<string, bool> match, TimeSpan timeout) => Task.Run(() =>
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.TryTake(out var line, TimeSpan.FromMilliseconds(200)) && match(line))
            {
                return line;
            }
            if (_process.HasExited && _lines.Count == 0)
            {
                throw new InvalidOperationException($"capsule exited with {_process.ExitCode} before the expected line");
            }
        }
        throw new TimeoutException("capsule did not print the expected line in time");
    });

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Resident memory now (VmRSS of /proc/PID/status), in MiB.</summary>
    public long ResidentMiB() =>
        long.Parse(File.ReadLines($"/proc/{Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;

    /// <summary>Sends a Unix signal (TERM, INT) to the process.</summary>
    public void Signal(string name) => Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
