using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Wasmtime;

namespace Capsule.Plugins.Failures;

/// <summary>
/// Turns how a plugin call failed (Wasmtime's exception, the call's deadline, the memory limit) into the
/// typed <see cref="PluginException"/> its caller catches. The stop (timeout, cancel) is asked first: it
/// reaches the guest as a trap whatever the guest was doing.
/// </summary>
internal static class CallFailures
{
    /// <summary>The typed exception for a call of <paramref name="function"/> that threw <paramref name="e"/>.</summary>
    public static PluginException From(
        Exception e, string plugin, string function, RunDeadline deadline, ResourceLimits limits, bool memoryLimitReached, string? guestMessage = null)
    {
        var outcome = TrapClassifier.FromStop(deadline)
            ?? (e is WasmtimeException w ? TrapClassifier.FromWasmtime(w, limits, plugin) : new RunOutcome.Trapped("error", e.Message, []));
        return outcome switch
        {
            RunOutcome.TimedOut t => new PluginTimeoutException(plugin, function, t.Limit, e),
            RunOutcome.Cancelled => new PluginCancelledException(plugin, function, e),
            RunOutcome.OutOfFuel f => new PluginFuelException(plugin, function, f.Fuel, e),
            _ when memoryLimitReached => new PluginMemoryException(plugin, function, limits.MaxMemoryBytes, guestMessage ?? Describe(outcome), e),
            RunOutcome.Trapped t => new PluginTrapException(plugin, function, t.Kind, HostCause(e) ?? t.Message, t.Backtrace, e),
            _ => new PluginTrapException(plugin, function, "error", Describe(outcome), [], e),
        };
    }

    /// <summary>The typed exception for a component call of <paramref name="function"/> that threw <paramref name="e"/>.</summary>
    public static PluginException FromComponent(Exception e, string plugin, string function, RunDeadline deadline, ResourceLimits limits)
    {
        var outcome = TrapClassifier.FromStop(deadline)
            ?? (e is ComponentCallException c ? TrapClassifier.FromComponentCall(c, limits) : new RunOutcome.Trapped("error", e.Message, []));
        return outcome switch
        {
            RunOutcome.TimedOut t => new PluginTimeoutException(plugin, function, t.Limit, e),
            RunOutcome.Cancelled => new PluginCancelledException(plugin, function, e),
            RunOutcome.OutOfFuel f => new PluginFuelException(plugin, function, f.Fuel, e),
            RunOutcome.Trapped t when OutOfMemory(t.Message) => new PluginMemoryException(plugin, function, limits.MaxMemoryBytes, t.Message, e),
            RunOutcome.Trapped t => new PluginTrapException(plugin, function, t.Kind, (e as ComponentCallException)?.HostCause?.Message ?? t.Message, t.Backtrace, e),
            _ => new PluginTrapException(plugin, function, "error", Describe(outcome), [], e),
        };
    }

    // What guests' runtimes say when memory.grow was refused (the store's limit).
    private static bool OutOfMemory(string message) =>
        message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
        || message.Contains("memory allocation", StringComparison.OrdinalIgnoreCase);

    // A host function's refusal reaches us wrapped in a trap; its own message is the clearer cause.
    private static string? HostCause(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is not WasmtimeException)
            {
                return inner.Message;
            }
        }
        return null;
    }

    private static string Describe(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Trapped t => t.Message,
        RunOutcome.Exited x => $"exited with code {x.Code}",
        RunOutcome.NoCapacity n => n.Message,
        _ => outcome.ToString(),
    };
}
