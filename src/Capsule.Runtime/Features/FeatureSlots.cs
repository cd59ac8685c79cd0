namespace Capsule.Runtime.Features;

/// <summary>Numbers the state types features keep in an <see cref="InstanceState"/>, once per process.</summary>
internal static class FeatureSlots
{
    private static int _count;

    /// <summary>How many slot numbers are taken.</summary>
    public static int Count => Volatile.Read(ref _count);

    public static int Next() => Interlocked.Increment(ref _count) - 1;
}

/// <summary>The slot of state type <typeparamref name="T"/>: an array index, so finding a feature's state is one load.</summary>
internal static class FeatureSlot<T>
    where T : class
{
    public static readonly int Index = FeatureSlots.Next();
}
