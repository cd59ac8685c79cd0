using System.Text;

namespace Capsule.Runtime.Inspection;

/// <summary>
/// Reads the names a binary component exports straight from its bytes, so a
/// command can refuse a component of the wrong world before spending seconds
/// compiling it. Only the outer component's export sections are read; nested
/// components and core modules are skipped by their section sizes.
/// </summary>
public static class ComponentExportNames
{
    private const byte ExportSection = 11;

    /// <summary>The top-level export names, or null if the binary cannot be read this way (the compile then reports why).</summary>
    public static IReadOnlyList<string>? Read(ReadOnlySpan<byte> component)
    {
        var names = new List<string>();
        var position = 8; // "\0asm", version, layer
        try
        {
            while (position < component.Length)
            {
                var id = component[position++];
                var size = (int)ReadU32(component, ref position);
                var end = checked(position + size);
                if (end > component.Length)
                {
                    return null;
                }
                if (id == ExportSection)
                {
                    ReadExports(component[position..end], names);
                }
                position = end;
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException or FormatException)
        {
            return null;
        }
        return names;
    }

    // export ::= exportname' sortidx externdesc? (component model Binary.md)
    private static void ReadExports(ReadOnlySpan<byte> section, List<string> names)
    {
        var position = 0;
        var count = ReadU32(section, ref position);
        for (var i = 0u; i < count; i++)
        {
            var discriminant = section[position++];
            if (discriminant > 1)
            {
                throw new FormatException("export name");
            }
            var length = (int)ReadU32(section, ref position);
            names.Add(Encoding.UTF8.GetString(section.Slice(position, length)));
            position += length;
            if (section[position++] == 0x00)
            {
                position++; // a core sort follows sort 0x00
            }
            ReadU32(section, ref position);
            if (section[position++] == 0x01)
            {
                SkipExternDesc(section, ref position);
            }
        }
    }

    private static void SkipExternDesc(ReadOnlySpan<byte> section, ref int position)
    {
        switch (section[position++])
        {
            case 0x00: // core module type: 0x11 typeidx
                position++;
                ReadU32(section, ref position);
                break;
            case 0x02: // value bound: eq valueidx, or a valtype (s33, one LEB either way)
            case 0x03 when section[position] == 0x00: // type bound: eq typeidx
                position++;
                ReadU32(section, ref position);
                break;
            case 0x03: // type bound: sub resource
                position++;
                break;
            default: // func, component, instance: a typeidx
                ReadU32(section, ref position);
                break;
        }
    }

    private static uint ReadU32(ReadOnlySpan<byte> bytes, ref int position)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = bytes[position++];
            value |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new FormatException("LEB128 too long");
    }
}
