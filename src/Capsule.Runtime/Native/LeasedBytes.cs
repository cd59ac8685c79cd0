using System.Buffers;

namespace Capsule.Runtime.Native;

/// <summary>
/// A <c>list&lt;u8&gt;</c> argument copied out of Wasmtime's values into a pooled buffer, valid until disposed
/// (the end of the host call): generated glue hands <see cref="Span"/> to the implementation, which copies what
/// it keeps. Each byte is a 32-byte value natively, so some copy is needed; this one allocates nothing.
/// </summary>
public ref struct LeasedBytes : IDisposable
{
    private byte[]? _rented;

    internal LeasedBytes(byte[] rented, int length)
    {
        _rented = rented;
        Span = new ReadOnlySpan<byte>(rented, 0, length);
    }

    /// <summary>The bytes; do not keep them past the call.</summary>
    public ReadOnlySpan<byte> Span { get; private set; }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            Span = default;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

/// <summary>Reading a <c>list&lt;u8&gt;</c> into a pooled buffer.</summary>
public readonly unsafe ref partial struct ValRef
{
    /// <summary>Copies a <c>list&lt;u8&gt;</c> into a pooled buffer, for the length of the host call (dispose it).</summary>
    public LeasedBytes LeaseBytes()
    {
        var v = Expect(ComponentValKind.List);
        var length = checked((int)v->Length);
        if (length == 0)
        {
            return default;
        }
        var rented = ArrayPool<byte>.Shared.Rent(length);
        var items = (ComponentValNative*)v->Data;
        for (var i = 0; i < length; i++)
        {
            rented[i] = (byte)items[i].Scalar;
        }
        return new LeasedBytes(rented, length);
    }
}
