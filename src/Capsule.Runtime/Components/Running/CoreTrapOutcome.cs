using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;
using Wasmtime;

namespace Capsule.Runtime.Components.Running;

/// <summary>The run outcome of a call on the component layer that trapped, classified as <see cref="TrapClassifier"/> does for the component path.</summary>
public static class CoreTrapOutcome
{
    /// <summary>Timed out, cancelled, no capacity (the pool is full: Wasmtime's words, as on the C API path), out of fuel, or a trap of the kind Wasmtime's message names.</summary>
    public static RunOutcome From(CanonTrapException trap, RunDeadline deadline, ResourceLimits limits) =>
        TrapClassifier.FromStop(deadline) ?? (TrapClassifier.IsPoolExhausted(trap.Message)
            ? new RunOutcome.NoCapacity(trap.Message[trap.Message.IndexOf("maximum concurrent", StringComparison.Ordinal)..])
            : Classify(trap, limits));

    private static RunOutcome Classify(CanonTrapException trap, ResourceLimits limits) =>
        TrapDescription.CodeFromMessage(trap.Message) switch
        {
            TrapCode.Interrupt => new RunOutcome.TimedOut(limits.Timeout ?? TimeSpan.Zero),
            TrapCode.OutOfFuel => new RunOutcome.OutOfFuel(limits.Fuel ?? 0),
            { } known => new RunOutcome.Trapped(TrapDescription.KindOf(known), trap.Message, []),
            null => new RunOutcome.Trapped("error", trap.Message, []),
        };
}
