using Capsule.Runtime.Components.Abi;
using Capsule.Runtime.Components.Plan;

namespace Capsule.Runtime.Components.Running;

/// <summary>
/// Numbers a plan's distinct canonical options (of its lowerings and lifts) as the slots of
/// <see cref="InstanceState.Options"/>: a lowering is bound to its slot when its linker is made, and
/// each instantiation resolves the slots' memory, realloc and post-return in its store.
/// </summary>
internal sealed class OptionSlots
{
    private readonly Dictionary<CanonOptionsPlan, int> _slots = [];

    /// <summary>The options, by slot.</summary>
    public List<CanonOptionsPlan> Plans { get; } = [];

    /// <summary>The slot of <paramref name="options"/>, numbered at first use; only UTF-8 strings are served today.</summary>
    public int SlotOf(CanonOptionsPlan options)
    {
        if (options.Encoding != StringEncoding.Utf8)
        {
            throw new ComponentPlanException($"string-encoding={options.Encoding} is not served by the component layer yet (utf8 only)");
        }
        if (!_slots.TryGetValue(options, out var slot))
        {
            slot = Plans.Count;
            _slots[options] = slot;
            Plans.Add(options);
        }
        return slot;
    }
}
