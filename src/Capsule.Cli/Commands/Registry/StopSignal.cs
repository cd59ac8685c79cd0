using System.Runtime.InteropServices;

namespace Capsule.Cli.Commands.Registry;

/// <summary>
/// Remembers which of SIGINT or SIGTERM stopped a command (System.CommandLine turns both into
/// the same cancellation), for the conventional exit code 128 + its number.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public StopSignal()
    {
        // Recorded only: the cancellation (and the default action's suppression) is System.CommandLine's.
        _registrations = OperatingSystem.IsWindows() ? [] :
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Interlocked.CompareExchange(ref _received, 2, 0)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Interlocked.CompareExchange(ref _received, 15, 0)),
        ];
    }

    /// <summary>"SIGINT" or "SIGTERM".</summary>
    public string Name => _received == 15 ? "SIGTERM" : "SIGINT";

    /// <summary>128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as shells report it.</summary>
    public int ExitCode => 128 + (_received == 0 ? 2 : _received);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
