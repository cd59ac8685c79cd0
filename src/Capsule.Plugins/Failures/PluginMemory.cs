using Wasmtime;

namespace Capsule.Plugins.Failures;

/// <summary>Whether a failed call ran out of linear memory.</summary>
internal static class PluginMemory
{
    /// <summary>
    /// Whether <paramref name="memory"/> is within a quarter of <paramref name="limitBytes"/> (or a page):
    /// Wasmtime refuses a <c>memory.grow</c> past the store's limit with -1 and records neither the refusal
    /// nor the size asked, so a call that failed this near its limit is taken as out of memory.
    /// </summary>
    public static bool NearLimit(Memory? memory, long limitBytes) =>
        memory is not null && memory.GetLength() + Math.Max(65536, limitBytes / 4) > limitBytes;
}
