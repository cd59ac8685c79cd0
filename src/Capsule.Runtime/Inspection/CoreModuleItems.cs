namespace Capsule.Runtime.Inspection;

/// <summary>
/// A core module's imports, exports and function count, read from its binary without compiling
/// it: <c>capsule inspect</c> lists them and <c>capsule run</c> looks for <c>_start</c> before
/// spending time (and, for a hostile module, gigabytes) on code generation.
/// </summary>
/// <param name="Imports">Each import as <c>module::name</c> with its kind (func, table, memory, global, tag).</param>
/// <param name="Exports">Each export's name and kind.</param>
/// <param name="FunctionCount">Functions defined plus functions imported.</param>
/// <param name="LargestMemoryMinimumBytes">The largest initial size of a memory the module defines or imports (0 without one).</param>
public sealed record CoreModuleItems(IReadOnlyList<WasmItem> Imports, IReadOnlyList<WasmItem> Exports, long FunctionCount, ulong LargestMemoryMinimumBytes)
{
    private const byte ImportSection = 2;
    private const byte FunctionSection = 3;
    private const byte MemorySection = 5;
    private const byte ExportSection = 7;
    private const int DefaultPageSizeLog2 = 16;

    private static readonly string[] Kinds = ["func", "table", "memory", "global", "tag"];

    /// <summary>The items of <paramref name="module"/> (a binary core module), or null when it cannot be read this way.</summary>
    public static CoreModuleItems? Read(ReadOnlySpan<byte> module)
    {
        var imports = new List<WasmItem>();
        var exports = new List<WasmItem>();
        long functions = 0;
        ulong memoryMinimum = 0;
        try
        {
            var cursor = new WasmCursor(module);
            cursor.ReadBytes(8); // "\0asm", version
            while (!cursor.AtEnd)
            {
                var id = cursor.ReadByte();
                var section = new WasmCursor(cursor.ReadBytes(cursor.ReadU32()));
                switch (id)
                {
                    case ImportSection:
                        functions += ReadImports(ref section, imports, ref memoryMinimum);
                        break;
                    case FunctionSection:
                        functions += section.ReadU32();
                        break;
                    case MemorySection:
                        for (var count = section.ReadU32(); count > 0; count--)
                        {
                            memoryMinimum = Math.Max(memoryMinimum, ReadLimits(ref section));
                        }
                        break;
                    case ExportSection:
                        ReadExports(ref section, exports);
                        break;
                }
            }
        }
        catch (FormatException)
        {
            return null;
        }
        return new CoreModuleItems(imports, exports, functions, memoryMinimum);
    }

    private static int ReadImports(ref WasmCursor section, List<WasmItem> imports, ref ulong memoryMinimum)
    {
        var functions = 0;
        var count = section.ReadU32();
        for (var i = 0u; i < count; i++)
        {
            var module = section.ReadName();
            var name = section.ReadName();
            var kind = section.ReadByte();
            switch (kind)
            {
                case 0: // func: typeidx
                    section.ReadU32();
                    functions++;
                    break;
                case 1: // table: reftype limits
                    SkipValType(ref section);
                    ReadLimits(ref section);
                    break;
                case 2: // memory: limits
                    memoryMinimum = Math.Max(memoryMinimum, ReadLimits(ref section));
                    break;
                case 3: // global: valtype mut
                    SkipValType(ref section);
                    section.ReadByte();
                    break;
                case 4: // tag: attribute typeidx
                    section.ReadByte();
                    section.ReadU32();
                    break;
                default:
                    throw new FormatException($"import kind {kind}");
            }
            imports.Add(new WasmItem($"{module}::{name}", Kinds[kind], []));
        }
        return functions;
    }

    private static void ReadExports(ref WasmCursor section, List<WasmItem> exports)
    {
        var count = section.ReadU32();
        for (var i = 0u; i < count; i++)
        {
            var name = section.ReadName();
            var kind = section.ReadByte();
            section.ReadU32();
            exports.Add(new WasmItem(name, kind < Kinds.Length ? Kinds[kind] : "unknown", []));
        }
    }

    // numtype, vectype and abstract reftypes are one byte; (ref ht) and (ref null ht) carry a heap type.
    private static void SkipValType(ref WasmCursor section)
    {
        var type = section.ReadByte();
        if (type is 0x63 or 0x64)
        {
            section.SkipS33();
        }
    }

    // Reads limits; as a memory's, their minimum in bytes (saturated). Flags: bit 0 max present,
    // bit 1 shared, bit 2 64-bit, bit 3 custom page size (its log2 follows the limits).
    private static ulong ReadLimits(ref WasmCursor section)
    {
        var flags = section.ReadByte();
        var pages = section.ReadU64();
        if ((flags & 1) != 0)
        {
            section.ReadU64();
        }
        var pageSizeLog2 = (flags & 8) != 0 ? section.ReadU32() : DefaultPageSizeLog2;
        return pageSizeLog2 > 63 || pages > ulong.MaxValue >> (int)pageSizeLog2 ? ulong.MaxValue : pages << (int)pageSizeLog2;
    }
}
