namespace Capsule.Hosting.Admission;

/// <summary>
/// The answer of <see cref="AdmissionGate.EnterAsync"/>: admitted (dispose
/// once the instance is gone to give its share back) or refused with the
/// reason. Dispose is idempotent and thread-safe.
/// </summary>
public sealed class AdmissionTicket : IDisposable
{
    private Action? _release;

    private AdmissionTicket(Action? release, string? refusal)
    {
        _release = release;
        Refusal = refusal;
    }

    /// <summary>Why the request was not admitted, e.g. "admission: component x at 32/32 in flight, queue 64/64 full"; null when admitted.</summary>
    public string? Refusal { get; }

    /// <summary>
    /// Admitted with nothing to give back: the request runs on a reused instance,
    /// whose share its keeper already holds.
    /// </summary>
    public static AdmissionTicket AlreadyHeld { get; } = new(null, null);

    internal static AdmissionTicket Admitted(Action release) => new(release, null);

    /// <summary>
    /// Moves the share to a new ticket (an instance kept for reuse holds it past
    /// its request, until it is dropped); this ticket then gives back nothing.
    /// </summary>
    public AdmissionTicket Transfer() => new(Interlocked.Exchange(ref _release, null), Refusal);

    internal static AdmissionTicket Refused(string reason) => new(null, reason);

    /// <summary>Gives the admitted instance's share back (once); nothing for a refused ticket.</summary>
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
