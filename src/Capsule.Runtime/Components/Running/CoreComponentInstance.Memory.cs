using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Running;

/// <summary>What a request served on the component layer used of linear memory (issue 24, per-request cost).</summary>
public sealed partial class CoreComponentInstance
{
    /// <summary>
    /// The instance's linear memory now, in bytes: every memory its core instances export, each counted
    /// once (a memory one core instance exports and another imports is one memory). Memories never shrink,
    /// so read when a request ends this is the request's peak. A memory no core instance exports is not
    /// reachable through the C API and not counted (components export theirs for the canonical ABI).
    /// </summary>
    public long LinearMemoryBytes()
    {
        var seen = new HashSet<(ulong, uint)>();
        long bytes = 0;
        foreach (var instance in _instances)
        {
            for (nuint i = 0; MemoryExports.Nth(Store.Context, instance, i, out var item); i++)
            {
                if (item.Kind == MemoryExports.MemoryKind && seen.Add((item.Memory.Private1, item.Memory.Private2)))
                {
                    bytes += (long)CoreFuncNative.wasmtime_memory_data_size(Store.Context, item.Memory);
                }
                MemoryExports.Release(ref item);
            }
        }
        return bytes;
    }
}
