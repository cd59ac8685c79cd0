namespace Capsule.Hosting.Admission;

/// <summary>
/// App-wide admission settings of <c>capsule up</c> (its flags), each with
/// the reason for its default. A component's own <c>[component.id.limits]</c>
/// <c>max_concurrent</c> / <c>reserved_concurrent</c> take precedence.
/// </summary>
public sealed record AdmissionOptions
{
    /// <summary>
    /// Instances of all components at once. Default null: what Wasmtime's
    /// instance pool holds (1,000 component instances, fewer for components
    /// that take many core instances each), which is also the ceiling: more
    /// could only fail at instantiation.
    /// </summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>
    /// Instances of one component at once when its manifest sets no
    /// <c>max_concurrent</c>. Default null: up to the app's maximum; other
    /// components keep their reserved share whatever this one does.
    /// </summary>
    public int? MaxConcurrentPerComponent { get; init; }

    /// <summary>
    /// Guests executing at once (run slots, <see cref="Runtime.Running.RunSlots"/>), all
    /// components together. Default null: one per core (<see cref="Environment.ProcessorCount"/>),
    /// so looping guests cannot take the CPU from the host and each other: an admitted
    /// instance waits for a slot within its own time limit, a guest computing past a
    /// 20 ms slice passes its slot on when others wait (round robin across components), and
    /// one blocked on the host (timer, I/O) holds none.
    /// </summary>
    public int? MaxRunning { get; init; }

    /// <summary>The run slots <see cref="MaxRunning"/> gives.</summary>
    public int RunSlots => MaxRunning ?? Environment.ProcessorCount;

    /// <summary>
    /// Requests that may wait for an instance, per component. Default 64:
    /// a waiting request costs a connection and a few hundred bytes, no thread;
    /// a longer queue would mostly turn quick 503s into slow ones. 0: refuse at once.
    /// </summary>
    public int QueueLength { get; init; } = 64;

    /// <summary>
    /// Longest wait in the queue before a 503. Default 5 s: a short burst
    /// is absorbed, while a client behind a saturated component learns it
    /// long before the 30 s request timeout.
    /// </summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Memory that admitted instances may reserve in total: each instance
    /// reserves its component's memory limit per linear memory before it
    /// starts. Default null: <see cref="MachineMemory.DefaultBudgetBytes"/>
    /// (half of the memory this process may use).
    /// </summary>
    public long? MemoryBudgetBytes { get; init; }

    /// <summary>
    /// The <c>Retry-After</c> header of a 503, in seconds. Default 1: instances
    /// of HTTP handlers turn over in milliseconds to seconds.
    /// </summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Longest queue timeout accepted: an hour; a client waiting longer has long given up.</summary>
    public static TimeSpan MostQueueTimeout { get; } = TimeSpan.FromHours(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Positive(MaxConcurrent, "max concurrent instances");
        Positive(MaxConcurrentPerComponent, "max concurrent instances per component");
        Positive(MaxRunning, "max running instances");
        Positive(MemoryBudgetBytes, "memory budget");
        if (QueueLength < 0)
        {
            throw new ArgumentException($"queue length must be 0 or more (got {QueueLength})");
        }
        if (QueueTimeout < TimeSpan.Zero || QueueTimeout > MostQueueTimeout)
        {
            throw new ArgumentException($"queue timeout must be between 0 and {Runtime.Grants.Duration.Format(MostQueueTimeout)} (got {Runtime.Grants.Duration.Format(QueueTimeout)})");
        }
        if (RetryAfterSeconds < 0)
        {
            throw new ArgumentException($"Retry-After must be 0 or more seconds (got {RetryAfterSeconds})");
        }
    }

    private static void Positive(long? value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be positive (got {value})");
        }
    }
}
