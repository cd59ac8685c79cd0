namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// A call that can allocate in the guest (<see cref="CanonCall"/> for a host import's results,
/// <see cref="LiftedCall"/> for an export's arguments): the lowering helpers take either.
/// </summary>
public interface ICanonAllocator
{
    /// <summary>The guest's memory as of the last call into wasm.</summary>
    GuestMemory Memory { get; }

    /// <summary>A new block from the guest's realloc, checked; the memory is re-read.</summary>
    uint Realloc(uint align, uint size);

    /// <summary>The instance's handle table (where lifted and lowered <c>own</c>/<c>borrow</c> handles live).</summary>
    HandleTable Handles { get; }
}
