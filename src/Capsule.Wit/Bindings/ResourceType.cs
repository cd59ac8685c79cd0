using System.Threading;

namespace Capsule.Wit.Bindings;

/// <summary>
/// The host resource type id of the resource whose generated marker class is <typeparamref name="T"/>: a
/// handle carries its type, so a guest cannot pass one resource where another is due. Ids are handed out
/// once per process, at first use, from one counter (never 0): no resource needs a hand-numbered id.
/// </summary>
/// <typeparam name="T">The generated marker class of the resource.</typeparam>
public static class ResourceType<T>
    where T : class
{
    /// <summary>This resource type's id, the same for every use in the process.</summary>
    public static readonly uint Id = ResourceTypeCounter.Next();
}

/// <summary>The counter behind <see cref="ResourceType{T}.Id"/> (outside the generic class: one for all types).</summary>
internal static class ResourceTypeCounter
{
    private static int _last;

    public static uint Next() => (uint)Interlocked.Increment(ref _last);
}
