using Capsule.Hosting.Admission;
using Capsule.Wasi;

namespace Capsule.Hosting.Reuse;

/// <summary>
/// A warm instance and the admission share it holds for as long as it lives,
/// busy or idle: an idle instance still holds its pool slots and memory.
/// </summary>
internal sealed class KeptInstance(WarmInstance instance, AdmissionTicket share)
{
    public WarmInstance Instance { get; } = instance;

    /// <summary>When it last went idle (<see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long IdleSince { get; set; }

    /// <summary>Drops the instance, then gives its share back (the slots are free only once the store is gone).</summary>
    public void Drop()
    {
        try
        {
            Instance.Dispose();
        }
        finally
        {
            share.Dispose();
        }
    }
}
