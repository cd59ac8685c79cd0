namespace Capsule.Runtime.Native;

/// <summary>The arguments or results of a component call: a run of native values.</summary>
public readonly unsafe ref struct ValSpan
{
    private readonly ComponentValNative* _first;
    private readonly IntPtr _context;

    internal ValSpan(ComponentValNative* first, int length, IntPtr context)
    {
        _first = first;
        Length = length;
        _context = context;
    }

    /// <summary>How many values.</summary>
    public int Length { get; }

    /// <summary>Value <paramref name="index"/>.</summary>
    public ValRef this[int index] => (uint)index < (uint)Length
        ? new ValRef(_first + index, _context)
        : throw new IndexOutOfRangeException($"value {index} of {Length}");
}
