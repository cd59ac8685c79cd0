namespace Capsule.Wasi.Cli;

/// <summary>
/// Thrown by wasi:cli/exit: unwinds the guest (its call traps) carrying the
/// status, which the runner reports as the guest's exit code.
/// </summary>
public sealed class WasiExitException(int status) : Exception($"guest called exit({status})")
{
    /// <summary>0 for success; 1 for exit(err); the code itself for exit-with-code.</summary>
    public int Status { get; } = status;
}
