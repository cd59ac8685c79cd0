using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;

namespace Capsule.Hosting.Http;

/// <summary>
/// The <c>cause=</c> of a fail line for a run that did not end well, worded alike for
/// every trigger (HTTP, WAGI, cron, Redis) so one grep finds a cause across them.
/// </summary>
internal static class FailureCause
{
    /// <summary>
    /// What <paramref name="outcome"/> says; <paramref name="cancelled"/> is the trigger's own
    /// wording of a cancelled run (a client that left, or a shutdown).
    /// </summary>
    public static string Of(RunOutcome outcome, string cancelled) => outcome switch
    {
        RunOutcome.Trapped trap => $"trap: {trap.Kind} ({trap.Message}){(trap.Backtrace.Count > 0 ? " at " + string.Join(" <- ", trap.Backtrace.Take(8)) : "")}",
        RunOutcome.TimedOut timeout => $"timeout after {Duration.Format(timeout.Limit)}",
        RunOutcome.Cancelled => cancelled,
        RunOutcome.OutOfFuel => "out of fuel",
        RunOutcome.NoCapacity full => $"capacity: {full.Message}",
        RunOutcome.Exited exited => $"exit {exited.Code}",
        _ => outcome.ToString(),
    };
}
