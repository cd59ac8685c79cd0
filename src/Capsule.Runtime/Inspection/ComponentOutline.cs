namespace Capsule.Runtime.Inspection;

/// <summary>
/// What a component binary declares, read from its bytes before anything is compiled: the outer
/// component's import and export names, and how many functions its core modules define (nested
/// components included). Commands refuse a component of the wrong world, or one too large to
/// compile safely, without spending seconds or gigabytes first.
/// </summary>
/// <param name="Imports">The outer component's import names.</param>
/// <param name="Exports">The outer component's export names.</param>
/// <param name="CoreFunctions">Functions of every core module inside, at any depth.</param>
public sealed record ComponentOutline(IReadOnlyList<string> Imports, IReadOnlyList<string> Exports, long CoreFunctions)
{
    private const byte CoreModuleSection = 1;
    private const byte ComponentSection = 4;
    private const byte ImportSection = 10;
    private const byte ExportSection = 11;

    // Deeper nesting than this is left to the compiler's own checks (read returns null).
    private const int MaxDepth = 32;

    /// <summary>The outline of <paramref name="component"/>, or null if it cannot be read this way (the compile then reports why).</summary>
    public static ComponentOutline? Read(ReadOnlySpan<byte> component)
    {
        var imports = new List<string>();
        var exports = new List<string>();
        try
        {
            var functions = ReadComponent(component, imports, exports, depth: 0);
            return new ComponentOutline(imports, exports, functions);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static long ReadComponent(ReadOnlySpan<byte> component, List<string>? imports, List<string>? exports, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("nested too deeply");
        }
        long functions = 0;
        var cursor = new WasmCursor(component);
        cursor.ReadBytes(8); // "\0asm", version, layer
        while (!cursor.AtEnd)
        {
            var id = cursor.ReadByte();
            var body = cursor.ReadBytes(cursor.ReadU32());
            switch (id)
            {
                case CoreModuleSection:
                    functions += CoreModuleItems.Read(body)?.FunctionCount ?? throw new FormatException("core module");
                    break;
                case ComponentSection:
                    functions += ReadComponent(body, null, null, depth + 1);
                    break;
                case ImportSection when imports is not null:
                    ReadImports(new WasmCursor(body), imports);
                    break;
                case ExportSection when exports is not null:
                    ReadExports(new WasmCursor(body), exports);
                    break;
            }
        }
        return functions;
    }

    // import ::= importname' externdesc (component model Binary.md)
    private static void ReadImports(WasmCursor section, List<string> names)
    {
        var count = section.ReadU32();
        for (var i = 0u; i < count; i++)
        {
            names.Add(ReadExternName(ref section));
            SkipExternDesc(ref section);
        }
    }

    // export ::= exportname' sortidx externdesc?
    private static void ReadExports(WasmCursor section, List<string> names)
    {
        var count = section.ReadU32();
        for (var i = 0u; i < count; i++)
        {
            names.Add(ReadExternName(ref section));
            if (section.ReadByte() == 0x00)
            {
                section.ReadByte(); // a core sort follows sort 0x00
            }
            section.ReadU32();
            if (section.ReadByte() == 0x01)
            {
                SkipExternDesc(ref section);
            }
        }
    }

    // 0x00 name | 0x01 name | 0x02 name vec(nameopt), nameopt ::= (0x00 | 0x01) name
    private static string ReadExternName(ref WasmCursor section)
    {
        var discriminant = section.ReadByte();
        if (discriminant > 2)
        {
            throw new FormatException("extern name");
        }
        var name = section.ReadName();
        if (discriminant == 2)
        {
            var options = section.ReadU32();
            for (var i = 0u; i < options; i++)
            {
                section.ReadByte();
                section.ReadName();
            }
        }
        return name;
    }

    private static void SkipExternDesc(ref WasmCursor section)
    {
        switch (section.ReadByte())
        {
            case 0x00: // core module type: 0x11 typeidx
                section.ReadByte();
                section.ReadU32();
                break;
            case 0x02: // value bound: eq valueidx, or a valtype (one LEB either way)
                section.ReadByte();
                section.ReadU32();
                break;
            case 0x03: // type bound: eq typeidx, or sub resource
                if (section.ReadByte() == 0x00)
                {
                    section.ReadU32();
                }
                break;
            default: // func, component, instance: a typeidx
                section.ReadU32();
                break;
        }
    }
}
