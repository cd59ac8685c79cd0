namespace Capsule.Hosting.Manifest;

/// <summary>
/// Opt-in instance reuse (<c>[component.id] instance_reuse</c>): an instance
/// serves up to <paramref name="MaxRequests"/> requests, one at a time, and is
/// dropped after <paramref name="IdleTimeout"/> without one. It trades isolation
/// for speed: what the guest keeps in memory survives from one request to the next.
/// </summary>
/// <param name="MaxRequests">Requests one instance serves before it is dropped (1 to <see cref="MostRequests"/>).</param>
/// <param name="IdleTimeout">How long an instance waits for its next request (at most <see cref="MostIdle"/>).</param>
public sealed record InstanceReuse(int MaxRequests, TimeSpan IdleTimeout)
{
    /// <summary>Requests per instance when <c>max_requests</c> is not given.</summary>
    public const int DefaultMaxRequests = 100;

    /// <summary>
    /// Upper bound of <c>max_requests</c>: handles a guest never drops stay in its
    /// table (at most 10,000 per instance), and a leak in the guest's own heap grows with
    /// every request; a bound makes both start over.
    /// </summary>
    public const int MostRequests = 10_000;

    /// <summary>Idle time when <c>idle_timeout</c> is not given.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound of <c>idle_timeout</c>: an idle instance holds pool slots and its memory.</summary>
    public static readonly TimeSpan MostIdle = TimeSpan.FromHours(1);
}
