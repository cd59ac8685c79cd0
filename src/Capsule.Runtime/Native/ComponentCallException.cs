namespace Capsule.Runtime.Native;

/// <summary>
/// A component operation failed: instantiation, a call that trapped, or a
/// guest that exited. <see cref="HostCause"/> holds the exception a host
/// function threw, when that is what trapped the guest.
/// </summary>
public sealed class ComponentCallException : Exception
{
    internal ComponentCallException(string message, string wasmtimeMessage, int? exitCode, Exception? hostCause)
        : base(message, hostCause)
    {
        WasmtimeMessage = wasmtimeMessage;
        ExitCode = exitCode;
    }

    /// <summary>Wasmtime's own text, with its backtrace and "Caused by" chain.</summary>
    public string WasmtimeMessage { get; }

    /// <summary>The most specific cause: the last line of Wasmtime's error chain.</summary>
    public string Cause =>
        WasmtimeMessage.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? Message;

    /// <summary>The exit status when the guest called wasi:cli/exit.</summary>
    public int? ExitCode { get; }

    /// <summary>The exception of a host function that trapped the guest, if any.</summary>
    public Exception? HostCause => InnerException;
}
