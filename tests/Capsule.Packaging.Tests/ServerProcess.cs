using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Capsule.Packaging.Tests;

/// <summary>A server process the test started: its output kept, the address it says it listens on awaited, killed on dispose.</summary>
public sealed partial class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Regex _listening;

    private ServerProcess(ProcessStartInfo start, Regex listening)
    {
        _listening = listening;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _address.TrySetException(new InvalidOperationException($"{start.FileName} exited ({_process.ExitCode}) before it listened:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything it printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="start"/> and waits (up to <paramref name="timeout"/>) for the line matching <paramref name="listening"/>, whose first http:// URL is the address.</summary>
    public static async Task<(ServerProcess Server, Uri Address)> Start(ProcessStartInfo start, Regex listening, TimeSpan timeout)
    {
        var server = new ServerProcess(start, listening);
        try
        {
            var address = await server._address.Task.WaitAsync(timeout);
            return (server, address);
        }
        catch (TimeoutException)
        {
            var output = server.Output;
            server.Dispose();
            throw new TimeoutException($"{start.FileName} did not listen within {timeout}:\n{output}");
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (_listening.IsMatch(line) && Url().Match(line) is { Success: true } url)
        {
            _address.TrySetResult(new Uri(url.Value));
        }
    }

    [GeneratedRegex(@"http://[^\s/]+")]
    private static partial Regex Url();
}
