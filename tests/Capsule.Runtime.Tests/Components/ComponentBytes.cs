namespace Capsule.Runtime.Tests.Components;

/// <summary>Hand-assembles component binaries for hostile-input tests: a preamble and sections of raw bytes.</summary>
public static class ComponentBytes
{
    public static readonly byte[] Preamble = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

    public static byte[] Component(params byte[][] sections) => [.. Preamble, .. sections.SelectMany(s => s)];

    public static byte[] Section(byte id, params byte[] content) => [id, .. Leb(checked((uint)content.Length)), .. content];

    public static byte[] Leb(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] Name(string name)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(name);
        return [.. Leb((uint)utf8.Length), .. utf8];
    }

    /// <summary>Offsets where a top-level section starts or the binary ends.</summary>
    public static List<int> SectionBoundaries(byte[] component)
    {
        var boundaries = new List<int> { 8 };
        var position = 8;
        while (position < component.Length)
        {
            position++;
            uint size = 0;
            var shift = 0;
            byte b;
            do
            {
                b = component[position++];
                size |= (uint)(b & 0x7f) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            position += (int)size;
            boundaries.Add(position);
        }
        return boundaries;
    }
}
