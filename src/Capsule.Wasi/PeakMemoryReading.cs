using Capsule.Runtime.Components.Running;
using Capsule.Runtime.Diagnostics;

namespace Capsule.Wasi;

/// <summary>
/// Puts a component-layer instance's linear memory into the request's cost when disposed: memories never
/// shrink, so read when the handler has returned (or trapped) it is the request's peak (issue 24 §2).
/// </summary>
internal readonly struct PeakMemoryReading(CoreComponentInstance instance, RunCost? cost) : IDisposable
{
    /// <summary>Reads the memory into the cost, if there is one.</summary>
    public void Dispose()
    {
        if (cost is not null)
        {
            cost.PeakMemoryBytes = instance.LinearMemoryBytes();
        }
    }
}
