using Capsule.Runtime.Grants;
using Capsule.Runtime.Inspection;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Features;

/// <summary>
/// One capability of the host (files, clocks, outbound HTTP, …), in the manner of
/// Spin's factors. It has three lifetimes: it links its interfaces once per host
/// (<see cref="Link"/>), reads its own keys of each component's manifest table into
/// that component's grants (<see cref="ReadComponent"/>), and prepares its state for
/// each instance from those grants (<see cref="Prepare"/>). A host is the list of its features.
/// </summary>
public interface IHostFeature
{
    /// <summary>Defines this feature's interfaces on <paramref name="linker"/>; called once per host.</summary>
    void Link(HostLinker linker);

    /// <summary>
    /// Makes this feature's per-instance state (if it has any) in <paramref name="state"/>, from
    /// <see cref="InstanceState.Grants"/>; <paramref name="output"/> is where the guest's stdout and stderr go.
    /// Called for every instance before it is instantiated: keep it cheap, defer what most instances never use.
    /// By default nothing (a feature whose per-instance host object is made on first call needs no state here).
    /// </summary>
    void Prepare(InstanceState state, GuestOutput output)
    {
    }

    /// <summary>The keys of <c>[component.&lt;id&gt;]</c> this feature reads (none by default).</summary>
    IReadOnlyList<string> ComponentKeys => [];

    /// <summary>
    /// Reads this feature's <see cref="ComponentKeys"/> of one component and returns
    /// <paramref name="grants"/> with what they grant. A wrong value throws the reader's error
    /// (file:line:key). By default the grants are returned unchanged.
    /// </summary>
    GuestGrants ReadComponent(ComponentSection component, GuestGrants grants) => grants;

    /// <summary>What <c>capsule inspect</c> says about the imports this feature serves (none by default).</summary>
    IReadOnlyList<GrantHintRule> GrantHints => [];
}
