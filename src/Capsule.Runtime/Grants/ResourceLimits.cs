namespace Capsule.Runtime.Grants;

/// <summary>
/// Bounds on one instance. A guest that reaches one fails alone: memory.grow
/// returns -1 past <see cref="MaxMemoryBytes"/>; the call traps with an
/// interrupt past <see cref="Timeout"/> or when <see cref="Fuel"/> runs out.
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>
    /// Largest size any one linear memory may grow to. Default 1 GiB: room for
    /// engine-based guests (SpiderMonkey, Python) while a runaway allocation
    /// stops long before it hurts the host.
    /// </summary>
    public long MaxMemoryBytes { get; init; } = 1L << 30;

    /// <summary>Wall-clock budget of one run or request. Default: none for <c>capsule run</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Deterministic instruction budget. Default: none (fuel metering off).</summary>
    public ulong? Fuel { get; init; }

    /// <summary>Defaults as documented on each property.</summary>
    public static ResourceLimits Default { get; } = new();
}
