using Capsule.Runtime.Grants;
using Capsule.Runtime.Running;
using Capsule.Wasi.Filesystem;
using Capsule.Wasi.Io;

namespace Capsule.Wasi;

/// <summary>
/// The per-store state of the WASI 0.2 host: the resource table, and what
/// the grants gave this instance (arguments, environment, preopened folders,
/// stdio). Created per run or request, used by one thread, disposed with the
/// store (which also disposes whatever the guest left in the table).
/// </summary>
public sealed class WasiContext : IDisposable
{
    private readonly bool _ownsDeadline;

    /// <summary>
    /// Builds the context for one instance from its grants and stdio. Every host wait
    /// ends at <paramref name="deadline"/> (by default one from the grants' timeout, owned here).
    /// </summary>
    public WasiContext(GuestGrants grants, InputStream stdin, OutputStream stdout, OutputStream stderr, RunDeadline? deadline = null)
    {
        Grants = grants;
        _ownsDeadline = deadline is null;
        Deadline = deadline ?? new RunDeadline(grants.Limits.Timeout);
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
        Preopens = grants.Mounts.IsEmpty ? [] : [.. grants.Mounts.Select(m => (Descriptor.OpenPreopen(m), m.GuestPath))];
    }

    /// <summary>What this instance was granted.</summary>
    public GuestGrants Grants { get; }

    /// <summary>
    /// The run's deadline and cancellation: every host wait (poll, blocking stream calls, outbound HTTP) ends at it.
    /// A reused instance (<see cref="WarmInstance"/>) sets each request's own before the guest runs.
    /// </summary>
    public RunDeadline Deadline { get; set; }

    /// <summary>Handles the guest holds.</summary>
    public ResourceTable Table { get; } = new();

    /// <summary>wasi:clocks/monotonic-clock for this instance (its pollables go in <see cref="Table"/>).</summary>
    internal Clocks.MonotonicClockHost MonotonicClock => _monotonicClock ??= new(Table);

    private Clocks.MonotonicClockHost? _monotonicClock;

    /// <summary>argv, program name first (built when the guest first asks: most served requests never do).</summary>
    public IReadOnlyList<string> Arguments => _arguments ??= [Grants.ProgramName, .. Grants.Arguments];

    private IReadOnlyList<string>? _arguments;

    /// <summary>Standard input.</summary>
    public InputStream Stdin { get; }

    /// <summary>Standard output.</summary>
    public OutputStream Stdout { get; }

    /// <summary>Standard error.</summary>
    public OutputStream Stderr { get; }

    /// <summary>The granted folders, opened, with the path the guest sees.</summary>
    public IReadOnlyList<(Descriptor Descriptor, string GuestPath)> Preopens { get; }

    /// <summary>The process's outbound HTTP client; requests still pass the grants' allow-list.</summary>
    public Http.OutboundHttp? Outbound { get; init; }

    /// <summary>Set when the guest called wasi:cli/exit.</summary>
    public int? ExitStatus { get; set; }

    /// <summary>Releases the table's leftovers, the preopens and stdio.</summary>
    public void Dispose()
    {
        Table.Dispose();
        foreach (var (descriptor, _) in Preopens)
        {
            descriptor.Dispose();
        }
        Stdin.Dispose();
        Stdout.Dispose();
        Stderr.Dispose();
        if (_ownsDeadline)
        {
            Deadline.Dispose();
        }
    }
}
