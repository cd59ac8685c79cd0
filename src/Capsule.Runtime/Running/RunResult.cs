namespace Capsule.Runtime.Running;

/// <summary>The outcome of a run, with what the host observed around it.</summary>
/// <param name="Outcome">How the guest ended.</param>
/// <param name="MemoryLimitReached">
/// A linear memory ended within one page of the memory limit: a failure was
/// most likely the guest running out of the memory it was granted.
/// </param>
/// <param name="Elapsed">Wall time from instantiation to the end of the run.</param>
public sealed record RunResult(RunOutcome Outcome, bool MemoryLimitReached, TimeSpan Elapsed);
