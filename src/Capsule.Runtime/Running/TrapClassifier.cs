using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Wasmtime;

namespace Capsule.Runtime.Running;

/// <summary>
/// Turns how a guest call failed into a <see cref="RunOutcome"/>: an exit
/// status, a timeout (epoch interrupt), fuel spent, or a named trap.
/// </summary>
public static class TrapClassifier
{
    /// <summary>
    /// The outcome of a run its deadline stopped (timed out or cancelled), or null if it was not:
    /// asked first, since the stop reaches the guest as a trap whatever it was doing.
    /// </summary>
    public static RunOutcome? FromStop(RunDeadline deadline) => deadline.StoppedBy switch
    {
        RunStop.TimedOut => new RunOutcome.TimedOut(deadline.Limit ?? TimeSpan.Zero),
        RunStop.Cancelled => new RunOutcome.Cancelled(),
        _ => null,
    };

    /// <summary>Classifies an exception from the Wasmtime.Dotnet binding.</summary>
    public static RunOutcome FromWasmtime(WasmtimeException e, ResourceLimits limits, string fileName)
    {
        if (e.ExitCode is { } code)
        {
            return new RunOutcome.Exited(code);
        }
        var trapCode = (e as TrapException)?.Type ?? TrapDescription.CodeFromMessage(e.Message);
        return Classify(trapCode, TrapDescription.Message(e.Message), TrapDescription.Backtrace(e, fileName), limits);
    }

    /// <summary>Classifies a failed call through Capsule's own component binding.</summary>
    public static RunOutcome FromComponentCall(ComponentCallException e, ResourceLimits limits)
    {
        if (e.ExitCode is { } code)
        {
            return new RunOutcome.Exited(code);
        }
        var message = e.WasmtimeMessage;
        if (IsPoolExhausted(message))
        {
            return new RunOutcome.NoCapacity(TrapDescription.Message(message));
        }
        return Classify(TrapDescription.CodeFromMessage(message), TrapDescription.Message(message), TrapDescription.BacktraceFromMessage(message), limits);
    }

    /// <summary>
    /// Wasmtime's pooling allocator refuses an instantiation when one of its
    /// process-wide totals is in use ("maximum concurrent core instance limit of
    /// 1000 reached"; also memories, tables, component instances).
    /// </summary>
    internal static bool IsPoolExhausted(string message) =>
        message.Contains("maximum concurrent", StringComparison.Ordinal) && message.Contains("reached", StringComparison.Ordinal);

    private static RunOutcome Classify(TrapCode? code, string message, IReadOnlyList<string> backtrace, ResourceLimits limits) => code switch
    {
        TrapCode.Interrupt => new RunOutcome.TimedOut(limits.Timeout ?? TimeSpan.Zero),
        TrapCode.OutOfFuel => new RunOutcome.OutOfFuel(limits.Fuel ?? 0),
        { } known => new RunOutcome.Trapped(TrapDescription.KindOf(known), message, backtrace),
        null => new RunOutcome.Trapped("error", message, backtrace),
    };
}
