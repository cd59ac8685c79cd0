namespace Capsule.Runtime.Grants;

/// <summary>
/// Bounds on one instance. A guest that reaches one fails alone: memory.grow
/// returns -1 past <see cref="MaxMemoryBytes"/>; the call traps with an
/// interrupt past <see cref="Timeout"/> or when <see cref="Fuel"/> runs out.
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>
    /// Largest size any one linear memory may grow to (Wasmtime's store limit
    /// is per memory). Default 1 GiB for <c>capsule run</c>: room for
    /// engine-based guests (SpiderMonkey, Python) while a runaway allocation
    /// stops long before it hurts the host. Served HTTP handlers default to
    /// <see cref="ServedHttpMaxMemoryBytes"/> instead.
    /// </summary>
    public long MaxMemoryBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Default memory limit of a component served by <c>capsule up</c>: 128 MiB,
    /// Fastly Compute's heap limit per request ("Maximum memory consumption:
    /// 1M bytes stack, 128MB heap, per execution",
    /// https://docs.fastly.com/products/compute-resource-limits). Spin sets no
    /// default (a memory may grow to wasm32's 4 GiB unless <c>spin up
    /// --max-instance-memory</c> is given, spinframework/spin#3135), which leaves
    /// a server's total unbounded; many concurrent requests each reserve this
    /// much from the memory budget, so it is kept near what handlers need.
    /// componentize-js guests use 9-20 MiB. A component asks for more with
    /// <c>[component.id.limits] memory</c>.
    /// </summary>
    public const long ServedHttpMaxMemoryBytes = 128L << 20;

    /// <summary>Wall-clock budget of one run or request. Default: none for <c>capsule run</c>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Deterministic instruction budget. Default: none (fuel metering off).</summary>
    public ulong? Fuel { get; init; }

    /// <summary>Defaults as documented on each property.</summary>
    public static ResourceLimits Default { get; } = new();
}
