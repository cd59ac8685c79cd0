using Capsule.Runtime.Native;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Features;

/// <summary>
/// One capability of the host (files, clocks, outbound HTTP, …), in the manner of
/// Spin's factors: it links its interfaces once per engine, and prepares its state
/// for each instance from that instance's grants. A host is the list of its features.
/// </summary>
public interface IHostFeature
{
    /// <summary>Defines this feature's interfaces on <paramref name="linker"/>; called once per host.</summary>
    void Link(HostLinker linker);

    /// <summary>
    /// Makes this feature's per-instance state (if it has any) in <paramref name="state"/>, from
    /// <see cref="InstanceState.Grants"/>; <paramref name="output"/> is where the guest's stdout and stderr go.
    /// Called for every instance before it is instantiated: keep it cheap, defer what most instances never use.
    /// </summary>
    void Prepare(InstanceState state, GuestOutput output);
}
