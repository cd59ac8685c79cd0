using Capsule.Hosting.Admission;
using Capsule.Runtime.Grants;

namespace Capsule.AspNetCore;

/// <summary>
/// Settings of the Capsule host inside an ASP.NET Core app, bound from the
/// <c>"Capsule"</c> configuration section (appsettings.json, environment
/// variables such as <c>Capsule__MemoryBudget</c>) and then from the delegate
/// given to <c>AddCapsule</c>; validated when the app starts. One per process:
/// every app mapped with <c>MapCapsuleApp</c>/<c>MapWasm</c> shares the engine,
/// the compiled-component cache, the run slots and these limits.
/// </summary>
public sealed class CapsuleOptions
{
    /// <summary>The configuration section read by <c>AddCapsule</c>.</summary>
    public const string SectionName = "Capsule";

    /// <summary>Folder of compiled components (default: <c>CAPSULE_CACHE_DIR</c>, else the user's cache folder).</summary>
    public string? CacheFolder { get; set; }

    /// <summary>Compile every component at each start, with no cache.</summary>
    public bool NoCache { get; set; }

    /// <summary>
    /// Memory the instances in flight of one app may reserve together, e.g. <c>"512MiB"</c>
    /// (default: half of the memory this process may use).
    /// </summary>
    public string? MemoryBudget { get; set; }

    /// <summary>Instances of all components of one app at once (default: what Wasmtime's instance pool holds).</summary>
    public int? MaxConcurrent { get; set; }

    /// <summary>Instances of one component at once when its manifest sets no <c>max_concurrent</c>.</summary>
    public int? MaxConcurrentPerComponent { get; set; }

    /// <summary>Guests executing at once, all apps together (default: one per core).</summary>
    public int? MaxRunning { get; set; }

    /// <summary>Requests that may wait for an instance, per component; beyond, 503 with Retry-After (default 64).</summary>
    public int QueueLength { get; set; } = new AdmissionOptions().QueueLength;

    /// <summary>Longest wait in the queue before a 503 (default 5 s, at most an hour).</summary>
    public TimeSpan QueueTimeout { get; set; } = new AdmissionOptions().QueueTimeout;

    /// <summary>Wasmtime's pooling allocator (default on): instances start in microseconds from preallocated slots.</summary>
    public bool PoolingAllocator { get; set; } = true;

    /// <summary>The admission settings these options give; <see cref="ArgumentException"/> or <see cref="FormatException"/> when one is out of range.</summary>
    internal AdmissionOptions Admission()
    {
        long? budget = null;
        if (MemoryBudget is { } text)
        {
            budget = ByteSize.TryParseHostMemory(text, out var bytes, out var error)
                ? bytes
                : throw new FormatException($"{nameof(MemoryBudget)}: {error}");
        }
        var admission = new AdmissionOptions
        {
            MaxConcurrent = MaxConcurrent,
            MaxConcurrentPerComponent = MaxConcurrentPerComponent,
            MaxRunning = MaxRunning,
            QueueLength = QueueLength,
            QueueTimeout = QueueTimeout,
            MemoryBudgetBytes = budget,
        };
        admission.Validate();
        return admission;
    }
}
