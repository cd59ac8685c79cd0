using System.Text;

namespace Capsule.Runtime.Native;

/// <summary>
/// The case, flag or field names of one WIT type, in WIT order, with their UTF-8 made once. Generated glue keeps
/// one per type in a static field, so reading or writing an enum, variant, flags or record costs no string building.
/// </summary>
public sealed class ValNames
{
    private readonly byte[][] _utf8;

    /// <summary>The names, in WIT order (an enum case's or a flag's index is its position here).</summary>
    public ValNames(params string[] names)
    {
        Names = names;
        _utf8 = new byte[names.Length][];
        for (var i = 0; i < names.Length; i++)
        {
            _utf8[i] = Encoding.UTF8.GetBytes(names[i]);
        }
    }

    /// <summary>The names, in WIT order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>How many names.</summary>
    public int Count => _utf8.Length;

    /// <summary>The UTF-8 of name <paramref name="index"/>; an index out of range (an undefined enum value) throws.</summary>
    internal ReadOnlySpan<byte> Utf8(int index) => (uint)index < (uint)_utf8.Length
        ? _utf8[index]
        : throw new ArgumentOutOfRangeException(nameof(index), $"no name {index} among {string.Join(", ", Names)}");

    /// <summary>The index of the name whose UTF-8 is <paramref name="utf8"/>; a name not among them throws.</summary>
    internal int IndexOf(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (utf8.SequenceEqual(_utf8[i]))
            {
                return i;
            }
        }
        throw new InvalidOperationException($"`{Encoding.UTF8.GetString(utf8)}` is none of {string.Join(", ", Names)}");
    }
}
