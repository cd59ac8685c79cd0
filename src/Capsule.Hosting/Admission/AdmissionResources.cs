namespace Capsule.Hosting.Admission;

/// <summary>
/// The things admission counts: instances in flight, the engine pool's core
/// instances, memories and tables, and bytes of the memory budget. Used both
/// for what one instance of a component costs and for what the app has.
/// </summary>
/// <param name="Instances">Instances in flight (each is one of the pool's component instances).</param>
/// <param name="CoreInstances">The pool's core instances.</param>
/// <param name="Memories">The pool's linear memory slots.</param>
/// <param name="Tables">The pool's table slots.</param>
/// <param name="MemoryBytes">Bytes of the memory budget.</param>
public readonly record struct AdmissionResources(long Instances, long CoreInstances, long Memories, long Tables, long MemoryBytes)
{
    /// <summary>Sum.</summary>
    public static AdmissionResources operator +(AdmissionResources a, AdmissionResources b) =>
        new(a.Instances + b.Instances, a.CoreInstances + b.CoreInstances, a.Memories + b.Memories, a.Tables + b.Tables, a.MemoryBytes + b.MemoryBytes);

    /// <summary>Difference.</summary>
    public static AdmissionResources operator -(AdmissionResources a, AdmissionResources b) =>
        new(a.Instances - b.Instances, a.CoreInstances - b.CoreInstances, a.Memories - b.Memories, a.Tables - b.Tables, a.MemoryBytes - b.MemoryBytes);

    /// <summary><paramref name="count"/> times <paramref name="a"/>.</summary>
    public static AdmissionResources operator *(long count, AdmissionResources a) =>
        new(count * a.Instances, count * a.CoreInstances, count * a.Memories, count * a.Tables, count * a.MemoryBytes);

    // Each count with its name in messages and whether it is bytes.
    private static readonly (string Name, Func<AdmissionResources, long> Get, bool Bytes)[] Counts =
    [
        ("app instances", r => r.Instances, false),
        ("pool core instances", r => r.CoreInstances, false),
        ("pool memories", r => r.Memories, false),
        ("pool tables", r => r.Tables, false),
        ("memory budget", r => r.MemoryBytes, true),
    ];

    /// <summary>
    /// The first count of this (what would be taken) above
    /// <paramref name="capacity"/>'s, described with what is in use and what
    /// is held for reserved shares, e.g. "memory budget 1GiB/1GiB in use";
    /// null if every count fits.
    /// </summary>
    public string? FirstOver(AdmissionResources capacity, AdmissionResources inUse, AdmissionResources held = default, string state = "in use")
    {
        foreach (var (name, get, bytes) in Counts)
        {
            if (get(this) > get(capacity))
            {
                var reserved = get(held) > 0 ? $", {Show(get(held), bytes)} held for other components' reserved shares" : "";
                return $"{name} {Show(get(inUse), bytes)}/{Show(get(capacity), bytes)} {state}{reserved}";
            }
        }
        return null;
    }

    // Bytes exactly when they are whole MiB (limits usually are), else in MiB rounded down.
    private static string Show(long value, bool bytes) => bytes
        ? value % (1 << 20) == 0 ? Runtime.Grants.ByteSize.Format(value) : $"{value >> 20}MiB"
        : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How many times <paramref name="cost"/> fits in this (counts the cost does not use do not bound it).</summary>
    public long HowMany(AdmissionResources cost)
    {
        var self = this;
        return Counts.Min(c => Quotient(c.Get(self), c.Get(cost)));
    }

    private static long Quotient(long have, long each) => each <= 0 ? long.MaxValue : Math.Max(0, have) / each;
}
