using System.Buffers;

namespace Capsule.Runtime.Native;

/// <summary>
/// A <c>list&lt;u8&gt;</c> argument copied out of Wasmtime's values into a reused buffer, valid until disposed
/// (the end of the host call): generated glue hands <see cref="Span"/> to the implementation, which copies what
/// it keeps. Each byte is a 32-byte value natively, so some copy is needed; this one allocates nothing.
/// </summary>
public ref struct LeasedBytes : IDisposable
{
    /// <summary>Lists up to this long use the thread's own buffer; longer ones a pooled array.</summary>
    internal const int ThreadBufferBytes = 256;

    // The thread's buffer for short lists, null while a lease holds it (a second list of the same call gets a new one).
    [ThreadStatic]
    private static byte[]? t_buffer;

    private byte[]? _rented;

    private LeasedBytes(byte[] rented, int length)
    {
        _rented = rented;
        Span = new ReadOnlySpan<byte>(rented, 0, length);
    }

    /// <summary>The bytes; do not keep them past the call.</summary>
    public ReadOnlySpan<byte> Span { get; private set; }

    /// <summary>A buffer of at least <paramref name="length"/> bytes, for the length of a host call.</summary>
    internal static LeasedBytes Rent(int length, out Span<byte> into)
    {
        byte[] rented;
        if (length <= ThreadBufferBytes)
        {
            // Cheaper than the shared pool for the short lists most calls pass (a header, a small write).
            rented = t_buffer ?? new byte[ThreadBufferBytes];
            t_buffer = null;
        }
        else
        {
            rented = ArrayPool<byte>.Shared.Rent(length);
        }
        into = rented.AsSpan(0, length);
        return new LeasedBytes(rented, length);
    }

    /// <summary>Gives the buffer back (to the thread or the pool).</summary>
    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            Span = default;
            if (rented.Length == ThreadBufferBytes)
            {
                t_buffer = rented;
            }
            else
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>Reading a <c>list&lt;u8&gt;</c> into a reused buffer.</summary>
public readonly unsafe ref partial struct ValRef
{
    /// <summary>Copies a <c>list&lt;u8&gt;</c> into a reused buffer, for the length of the host call (dispose it).</summary>
    public LeasedBytes LeaseBytes()
    {
        var v = Expect(ComponentValKind.List);
        var length = checked((int)v->Length);
        if (length == 0)
        {
            return default;
        }
        var leased = LeasedBytes.Rent(length, out var into);
        CopyBytes((ComponentValNative*)v->Data, into);
        return leased;
    }

    // One u8 value per byte, 32 bytes apart: the loop over the span's own length has no bounds checks.
    private static void CopyBytes(ComponentValNative* items, Span<byte> into)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = (byte)items[i].Scalar;
        }
    }
}
