namespace Capsule.Runtime.Running;

/// <summary>How a guest run ended.</summary>
public abstract record RunOutcome
{
    /// <summary>The guest returned or called exit; <paramref name="Code"/> is its exit status.</summary>
    public sealed record Exited(int Code) : RunOutcome;

    /// <summary>The guest trapped.</summary>
    /// <param name="Kind">Short name of the trap, e.g. <c>unreachable</c>, <c>out-of-bounds memory access</c>.</param>
    /// <param name="Message">Wasmtime's description of the trap.</param>
    /// <param name="Backtrace">Guest frames, innermost first, e.g. <c>trap.wasm!inner</c>.</param>
    public sealed record Trapped(string Kind, string Message, IReadOnlyList<string> Backtrace) : RunOutcome;

    /// <summary>The wall-clock limit passed and the guest was interrupted.</summary>
    public sealed record TimedOut(TimeSpan Limit) : RunOutcome;

    /// <summary>The run was cancelled from outside (an HTTP client disconnected) and the guest was stopped.</summary>
    public sealed record Cancelled : RunOutcome;

    /// <summary>The fuel budget ran out.</summary>
    public sealed record OutOfFuel(ulong Fuel) : RunOutcome;

    /// <summary>
    /// The guest never ran: the engine's instance pool was full (Wasmtime's
    /// "maximum concurrent ... limit ... reached" at instantiation). A matter of
    /// load, not of the guest: a server answers 503.
    /// </summary>
    /// <param name="Message">Wasmtime's description, naming the pool limit.</param>
    public sealed record NoCapacity(string Message) : RunOutcome;
}
