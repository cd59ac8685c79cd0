using Capsule.Runtime.Native;

namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// One call of a lifted export (host calls guest): <c>may_enter</c> is off from <see cref="Invoke"/> until
/// <see cref="Finish"/>, which runs post-return (with <c>may_leave</c> off) and traps if a borrow lowered into
/// the call outlived it. Results are lifted between the two, from <see cref="Memory"/> as re-read after the call.
/// </summary>
public ref struct LiftedCall : ICanonAllocator
{
    /// <summary>The instance's memory; re-read after the call into wasm.</summary>
    public GuestMemory Memory;

    /// <inheritdoc/>
    readonly GuestMemory ICanonAllocator.Memory => Memory;

    /// <summary>The called instance's state.</summary>
    public readonly InstanceState State;

    /// <summary>The called instance's handle table.</summary>
    public readonly HandleTable Handles => State.Handles;

    /// <summary>The borrows lowered into this call (see <see cref="HandleTable.AddBorrow"/>).</summary>
    public readonly BorrowScope Borrows = new();

    private readonly IntPtr _context;
    private readonly CanonOptions _options;
    private readonly WasmtimeFunc _func;
    private bool _entered;

    internal LiftedCall(IntPtr context, InstanceState state, CanonOptions options, scoped in WasmtimeFunc func)
    {
        if (!state.MayEnter)
        {
            throw new CanonTrapException("cannot enter the instance: one of its exports is running (may_enter)");
        }
        if (!state.MayLeave)
        {
            throw new CanonTrapException("cannot call into the instance while it runs realloc or post-return");
        }
        _context = context;
        State = state;
        _options = options;
        _func = func;
        Memory = options.ReadMemory(context);
    }

    /// <summary>
    /// A realloc for lowering arguments into the instance (before <see cref="Invoke"/>), as
    /// <see cref="CanonCall.Realloc"/>: the memory is re-read and the block checked.
    /// </summary>
    public uint Realloc(uint align, uint size)
    {
        var call = new CanonCall(_context, State, _options);
        var ptr = call.Realloc(align, size);
        Memory = call.Memory;
        return ptr;
    }

    /// <summary>Calls the export with flat arguments in <paramref name="argsAndResults"/>, where its flat results land.</summary>
    public void Invoke(scoped Span<ValRaw> argsAndResults)
    {
        State.MayEnter = false;
        _entered = true;
        try
        {
            CoreCalls.Call(_context, _func, argsAndResults, "export");
        }
        catch
        {
            State.MayEnter = true;
            _entered = false;
            throw;
        }
        Memory = _options.ReadMemory(_context);
    }

    /// <summary>
    /// Ends the call once its results are lifted: post-return with <paramref name="flatResults"/>, then the
    /// borrow check; the instance may be entered again.
    /// </summary>
    public void Finish(scoped ReadOnlySpan<ValRaw> flatResults)
    {
        try
        {
            if (_options.HasPostReturn)
            {
                Span<ValRaw> slots = stackalloc ValRaw[Math.Max(flatResults.Length, 1)];
                flatResults.CopyTo(slots);
                State.MayLeave = false;
                try
                {
                    CoreCalls.Call(_context, _options.PostReturnFunc, slots[..Math.Max(flatResults.Length, 1)], "post-return");
                }
                finally
                {
                    State.MayLeave = true;
                }
            }
            Borrows.End();
        }
        finally
        {
            if (_entered)
            {
                State.MayEnter = true;
            }
        }
    }
}
