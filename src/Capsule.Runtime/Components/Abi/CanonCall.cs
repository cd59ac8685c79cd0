using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// What a lowered host function is given per call: the calling instance's memory (bounds-checked,
/// re-read after every call into wasm), its <see cref="InstanceState"/> and canonical options. Lives on
/// the stack for the call only.
/// </summary>
public ref struct CanonCall : ICanonAllocator
{
    private GuestMemory _memory;
    private bool _memoryRead;

    /// <summary>
    /// The caller's memory, read at first use (a call that touches no memory pays nothing) and again after
    /// <see cref="Realloc"/>.
    /// </summary>
    public GuestMemory Memory
    {
        get
        {
            if (!_memoryRead)
            {
                _memory = _options.ReadMemory(_context);
                _memoryRead = true;
            }
            return _memory;
        }
    }

    /// <summary>The calling instance's state (handle table, flags, host object).</summary>
    public readonly InstanceState State;

    private readonly IntPtr _context;
    private readonly CanonOptions _options;

    internal CanonCall(IntPtr context, InstanceState state, CanonOptions options)
    {
        _context = context;
        State = state;
        _options = options;
    }

    /// <summary>The calling instance's handle table.</summary>
    public readonly HandleTable Handles => State.Handles;

    /// <summary>
    /// Calls the guest's <c>realloc(0, 0, align, size)</c> for a new block of <paramref name="size"/> bytes,
    /// with <c>may_leave</c> off, then re-reads <see cref="Memory"/> (the call may grow or move it) and traps
    /// unless the block is aligned and inside the memory. Spans taken before this call are stale after it.
    /// </summary>
    public uint Realloc(uint align, uint size)
    {
        if (!_options.HasRealloc)
        {
            throw new CanonTrapException("the canonical options have no realloc");
        }
        Span<ValRaw> slots = [ValRaw.FromI32(0), ValRaw.FromI32(0), ValRaw.FromI32((int)align), ValRaw.FromI32((int)size)];
        State.MayLeave = false;
        try
        {
            CoreCalls.Call(_context, _options.ReallocFunc, slots, "realloc");
        }
        finally
        {
            State.MayLeave = true;
        }
        _memory = _options.ReadMemory(_context);
        _memoryRead = true;
        var ptr = slots[0].U32;
        _memory.Check(ptr, size, align); // traps: realloc returned an unaligned or out-of-bounds block
        return ptr;
    }
}
