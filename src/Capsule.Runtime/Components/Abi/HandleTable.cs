namespace Capsule.Runtime.Components.Abi;

/// <summary>
/// One component instance's table of resource handles (the canonical ABI's per-instance table):
/// the guest sees indices, the host sees <c>rep</c>s. Every element carries its resource type id, and
/// every use names the type it expects, so a forged, dangling or wrong-type handle traps
/// (<see cref="CanonTrapException"/>). Index 0 is never valid. Not thread-safe: one store, one thread.
/// </summary>
public sealed class HandleTable
{
    /// <summary>The canonical ABI's bound on a table's length (2^28).</summary>
    public const uint MaxLength = 1u << 28;

    private Entry[] _entries = new Entry[8];
    private uint _length = 1; // slot 0 is reserved
    private uint _free; // head of the free list (0: none)
    private readonly List<uint> _lent = [];

    /// <summary>Handles in use (own and borrow).</summary>
    public int Count { get; private set; }

    /// <summary>Adds an owned handle of <paramref name="typeId"/> for <paramref name="rep"/> (lowering an <c>own</c>).</summary>
    public uint AddOwn(uint typeId, uint rep) => Add(new Entry { TypeId = typeId, Rep = rep, Own = true, InUse = true });

    /// <summary>
    /// Adds a borrowed handle that must be dropped before <paramref name="scope"/> ends (lowering a
    /// <c>borrow</c> into a lifted export's call).
    /// </summary>
    public uint AddBorrow(uint typeId, uint rep, BorrowScope scope)
    {
        scope.Borrows++;
        return Add(new Entry { TypeId = typeId, Rep = rep, InUse = true, Scope = scope });
    }

    /// <summary>Takes an owned handle out of the table (lifting an <c>own</c>): the host owns <c>rep</c> from now on.</summary>
    public uint TakeOwn(uint handle, uint typeId)
    {
        ref var entry = ref Get(handle, typeId);
        if (!entry.Own)
        {
            throw new CanonTrapException($"handle {handle} is a borrow; an own was expected");
        }
        if (entry.Lends != 0)
        {
            throw new CanonTrapException($"handle {handle} is lent to a call that has not returned");
        }
        var rep = entry.Rep;
        Remove(handle);
        return rep;
    }

    /// <summary>
    /// Lends a handle to the host for the current call (lifting a <c>borrow</c>): the handle cannot be
    /// dropped or moved until <see cref="EndLends"/> returns it.
    /// </summary>
    public uint Lend(uint handle, uint typeId)
    {
        ref var entry = ref Get(handle, typeId);
        entry.Lends++;
        _lent.Add(handle);
        return entry.Rep;
    }

    /// <summary>Where the current call's lends start (see <see cref="EndLends"/>).</summary>
    public int LendMark => _lent.Count;

    /// <summary>Ends the lends made since <paramref name="mark"/> (at the return of the call that made them).</summary>
    public void EndLends(int mark)
    {
        if (mark == _lent.Count)
        {
            return; // the common case: the call lent nothing
        }
        for (var i = _lent.Count - 1; i >= mark; i--)
        {
            _entries[_lent[i]].Lends--;
        }
        _lent.RemoveRange(mark, _lent.Count - mark);
    }

    /// <summary>The <c>rep</c> of a handle of <paramref name="typeId"/> (<c>resource.rep</c>).</summary>
    public uint Rep(uint handle, uint typeId) => Get(handle, typeId).Rep;

    /// <summary>
    /// Drops a handle (<c>resource.drop</c>): returns its rep and whether it was owned (then the
    /// resource's destructor runs); a borrow leaves its scope.
    /// </summary>
    public (uint Rep, bool Own) Drop(uint handle, uint typeId)
    {
        ref var entry = ref Get(handle, typeId);
        if (entry.Lends != 0)
        {
            throw new CanonTrapException($"handle {handle} is lent to a call that has not returned");
        }
        var result = (entry.Rep, entry.Own);
        if (entry.Scope is { } scope)
        {
            scope.Borrows--;
        }
        Remove(handle);
        return result;
    }

    private ref Entry Get(uint handle, uint typeId)
    {
        if (handle == 0 || handle >= _length || !_entries[handle].InUse)
        {
            throw new CanonTrapException($"unknown handle {handle}");
        }
        ref var entry = ref _entries[handle];
        if (entry.TypeId != typeId)
        {
            throw new CanonTrapException($"handle {handle} is of resource type {entry.TypeId}, not {typeId}");
        }
        return ref entry;
    }

    private uint Add(Entry entry)
    {
        uint index;
        if (_free != 0)
        {
            index = _free;
            _free = _entries[index].NextFree;
        }
        else
        {
            if (_length >= MaxLength)
            {
                throw new CanonTrapException($"the handle table is full ({MaxLength} handles)");
            }
            if (_length == _entries.Length)
            {
                Array.Resize(ref _entries, (int)Math.Min((uint)_entries.Length * 2, MaxLength));
            }
            index = _length++;
        }
        _entries[index] = entry;
        Count++;
        return index;
    }

    private void Remove(uint handle)
    {
        _entries[handle] = new Entry { NextFree = _free };
        _free = handle;
        Count--;
    }

    private struct Entry
    {
        public uint TypeId;
        public uint Rep;
        public bool Own;
        public bool InUse;
        public int Lends;
        public BorrowScope? Scope;
        public uint NextFree;
    }
}

/// <summary>
/// The borrows lowered into one call of a lifted export: each must be dropped by the guest before the
/// call returns, or the call traps (<see cref="End"/>).
/// </summary>
public sealed class BorrowScope
{
    /// <summary>Borrows not yet dropped.</summary>
    public int Borrows { get; internal set; }

    /// <summary>Traps when a borrow outlives its call (the canonical ABI's check at a lifted call's return).</summary>
    public void End()
    {
        if (Borrows != 0)
        {
            throw new CanonTrapException($"{Borrows} borrow handle(s) still remain at the end of the call");
        }
    }
}
