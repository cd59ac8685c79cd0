namespace Capsule.Hosting.Manifest;

/// <summary>Serving defaults, each with its reason.</summary>
public static class HttpDefaults
{
    /// <summary>
    /// Wall-clock budget of one request when the manifest sets none: 30 s,
    /// the common load-balancer idle timeout, so a stuck guest fails with 504
    /// before the client's proxy gives up on its own.
    /// </summary>
    public static TimeSpan RequestTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest request body: 100 MiB, generous for uploads, bounded against abuse (413 beyond).</summary>
    public const long MaxRequestBodyBytes = 100L << 20;

    /// <summary>Largest request header section: 32 KiB, Kestrel's default (431 beyond).</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    /// <summary>How long SIGINT/SIGTERM waits for in-flight requests: 10 s.</summary>
    public static TimeSpan ShutdownTimeout { get; } = TimeSpan.FromSeconds(10);
}
