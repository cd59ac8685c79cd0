using System.Buffers.Binary;

namespace Capsule.Plugins.Extism;

/// <summary>
/// Extism's memory: the address space, apart from the plugin's linear memory, through which a plugin and
/// its host pass input, output, errors, config and vars (offsets are u64 "handles"; 0 is none). The
/// Extism kernel keeps it in a wasm memory of its own; here it is a host byte array, and this type is
/// its only access: every offset and length from the guest is checked against the bytes allocated so
/// far in 64-bit arithmetic before use, and a failed check throws <see cref="ExtismMemoryAccessException"/>
/// (the guest's call traps). The plugin's own linear memory is never touched by the host.
/// Allocation is a bump allocator with reuse of freed blocks, like the kernel's; it refuses (returns 0)
/// past <see cref="LimitBytes"/>, as the kernel does when its memory cannot grow. Not thread-safe: one call at a time.
/// </summary>
internal sealed class KernelMemory
{
    /// <summary>The first offset given out: below it nothing is allocated, so 0 is never a handle.</summary>
    internal const ulong Base = 16;

    private readonly Dictionary<ulong, Block> _active = [];
    private readonly List<Block> _free = [];
    private byte[] _data = new byte[4096];
    private ulong _position = Base;

    /// <summary>Memory bounded by <paramref name="limitBytes"/> (capped at what one .NET array holds).</summary>
    public KernelMemory(long limitBytes)
    {
        LimitBytes = (ulong)Math.Clamp(limitBytes, 4096, Array.MaxLength);
    }

    /// <summary>The most bytes the address space may reach.</summary>
    public ulong LimitBytes { get; }

    /// <summary>Whether an allocation was refused for the limit since the last <see cref="Reset"/>.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>Bytes of the address space in use (allocated or freed blocks), from offset 0.</summary>
    public ulong Position => _position;

    /// <summary>
    /// A zeroed block of <paramref name="length"/> bytes: a freed block large enough, or a new one.
    /// 0 when <paramref name="length"/> is 0 or the limit would be passed.
    /// </summary>
    public ulong Alloc(ulong length)
    {
        if (length == 0)
        {
            return 0;
        }
        for (var i = 0; i < _free.Count; i++)
        {
            if (_free[i].Size >= length)
            {
                var reused = _free[i] with { Used = length };
                _free.RemoveAt(i);
                return Activate(reused);
            }
        }
        if (length > LimitBytes - _position) // _position <= LimitBytes always: no wrap
        {
            LimitReached = true;
            return 0;
        }
        var block = new Block(_position, length, length);
        _position += length;
        EnsureCapacity(_position);
        return Activate(block);
    }

    /// <summary>Frees the block at <paramref name="handle"/>; anything else is ignored, as by the kernel.</summary>
    public bool Free(ulong handle)
    {
        if (!_active.Remove(handle, out var block))
        {
            return false;
        }
        _free.Add(block);
        return true;
    }

    /// <summary>The length of the block at <paramref name="handle"/>, or 0 if no block starts there.</summary>
    public ulong Length(ulong handle) => _active.TryGetValue(handle, out var block) ? block.Used : 0;

    /// <summary>A new block holding <paramref name="bytes"/>; throws when the limit is reached.</summary>
    public ulong Write(ReadOnlySpan<byte> bytes)
    {
        var handle = Alloc((ulong)bytes.Length);
        if (handle == 0 && bytes.Length > 0)
        {
            throw new ExtismMemoryAccessException($"Extism memory is full: {bytes.Length} more bytes exceed its limit of {LimitBytes} bytes");
        }
        bytes.CopyTo(Span(handle, (ulong)bytes.Length));
        return handle;
    }

    /// <summary>The bytes of the block at <paramref name="handle"/>; throws if no block starts there.</summary>
    public ReadOnlySpan<byte> Bytes(ulong handle, string what) =>
        _active.TryGetValue(handle, out var block)
            ? Span(handle, block.Used)
            : throw new ExtismMemoryAccessException($"invalid handle offset for {what}: {handle}");

    /// <summary>The <paramref name="length"/> bytes at <paramref name="offset"/>, checked to lie in the allocated range.</summary>
    public Span<byte> Span(ulong offset, ulong length)
    {
        Check(offset, length);
        return _data.AsSpan((int)offset, (int)length);
    }

    /// <summary>Reads a byte.</summary>
    public byte LoadU8(ulong offset) => Span(offset, 1)[0];

    /// <summary>Reads a little-endian u64 (any alignment, as the kernel allows).</summary>
    public ulong LoadU64(ulong offset) => BinaryPrimitives.ReadUInt64LittleEndian(Span(offset, 8));

    /// <summary>Writes a byte.</summary>
    public void StoreU8(ulong offset, byte value) => Span(offset, 1)[0] = value;

    /// <summary>Writes a little-endian u64.</summary>
    public void StoreU64(ulong offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(offset, 8), value);

    /// <summary>Checks that <paramref name="length"/> bytes at <paramref name="offset"/> lie within the allocated range.</summary>
    public void Check(ulong offset, ulong length)
    {
        // _position <= LimitBytes <= Array.MaxLength, so a passed check fits an int span.
        if (offset < Base || length > _position || offset > _position - length)
        {
            throw new ExtismMemoryAccessException($"out of bounds: {length} bytes at offset {offset} of Extism memory ({_position} bytes allocated)");
        }
    }

    /// <summary>Forgets every block (between calls, as the kernel's reset); keeps at most 1 MiB of capacity.</summary>
    public void Reset()
    {
        _active.Clear();
        _free.Clear();
        _position = Base;
        LimitReached = false;
        if (_data.Length > 1 << 20)
        {
            _data = new byte[4096];
        }
    }

    private ulong Activate(Block block)
    {
        _data.AsSpan((int)block.Start, (int)block.Used).Clear();
        _active[block.Start] = block;
        return block.Start;
    }

    private void EnsureCapacity(ulong end)
    {
        if (end <= (ulong)_data.Length)
        {
            return;
        }
        var size = Math.Min(Math.Max((ulong)_data.Length * 2, end), (ulong)Array.MaxLength);
        Array.Resize(ref _data, (int)size);
    }

    private readonly record struct Block(ulong Start, ulong Size, ulong Used);
}

/// <summary>A guest's access to Extism memory outside what is allocated, or a handle that is no block: the call traps.</summary>
internal sealed class ExtismMemoryAccessException(string message) : Exception(message);
