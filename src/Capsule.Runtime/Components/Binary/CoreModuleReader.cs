namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// Reads a core module's imports and exports (type, import, function and export sections) without
/// validating the rest: Wasmtime does that when it compiles the module.
/// </summary>
internal static class CoreModuleReader
{
    private const int MaxModuleItems = 1_000_000;

    public static CoreModuleBinary Read(ReadOnlyMemory<byte> bytes, long offset, ComponentReaderLimits limits)
    {
        var cursor = new BinaryCursor(bytes.Span, offset, "core module", limits);
        var header = cursor.ReadBytes(Math.Min(8, cursor.Remaining), "module header");
        if (header.Length < 8 || !header[..4].SequenceEqual("\0asm"u8) || !header[4..].SequenceEqual(new byte[] { 1, 0, 0, 0 }))
        {
            throw cursor.ErrorAt(offset, "not a core module (bad magic or version)");
        }
        var types = new List<CoreFunctionType?>();
        var imports = new List<CoreImport>();
        var functions = new List<uint>();
        var exports = new List<(string Name, CoreSort Kind, uint Index)>();
        while (!cursor.AtEnd)
        {
            var id = cursor.ReadByte();
            var size = cursor.ReadU32();
            var section = cursor.Sub(size, "section size", $"core module section {id}");
            switch (id)
            {
                case 1: ReadTypes(ref section, types); break;
                case 2: ReadImports(ref section, types, imports); break;
                case 3: ReadFunctions(ref section, functions); break;
                case 7: ReadExports(ref section, exports); break;
                default: continue; // left to Wasmtime
            }
            section.ExpectEnd("section");
        }
        var funcTypes = imports.Where(i => i.Kind == CoreSort.Func).Select(i => i.FuncType)
            .Concat(functions.Select(t => t < types.Count ? types[(int)t] : null)).ToList();
        var resolved = exports.Select(e => new CoreExport(e.Name, e.Kind, e.Index,
            e.Kind == CoreSort.Func && e.Index < funcTypes.Count ? funcTypes[(int)e.Index] : null)).ToList();
        return new CoreModuleBinary(bytes, offset, imports, resolved);
    }

    private static void ReadTypes(ref BinaryCursor cursor, List<CoreFunctionType?> types)
    {
        var count = cursor.ReadCount("types");
        for (var i = 0; i < count; i++)
        {
            if (cursor.PeekByte() == 0x4e)
            {
                cursor.ReadByte();
                var members = cursor.ReadCount("rec group");
                for (var m = 0; m < members; m++)
                {
                    types.Add(ReadSubType(ref cursor));
                }
            }
            else
            {
                types.Add(ReadSubType(ref cursor));
            }
            if (types.Count > MaxModuleItems)
            {
                throw cursor.Error("too many types");
            }
        }
    }

    // subtype ::= 0x50 vec(typeidx) comptype | 0x4f vec(typeidx) comptype | comptype
    private static CoreFunctionType ReadSubType(ref BinaryCursor cursor)
    {
        var form = cursor.PeekByte();
        if (form is 0x50 or 0x4f)
        {
            cursor.ReadByte();
            var supers = cursor.ReadCount("supertypes");
            for (var s = 0; s < supers; s++)
            {
                cursor.ReadU32();
            }
        }
        if (cursor.PeekByte() != 0x60)
        {
            throw cursor.Error($"core type form 0x{cursor.PeekByte():x2} is not supported yet (GC struct/array types)");
        }
        cursor.ReadByte();
        return CoreTypeReader.ReadFuncTypeBody(ref cursor);
    }

    private static void ReadImports(ref BinaryCursor cursor, List<CoreFunctionType?> types, List<CoreImport> imports)
    {
        var count = cursor.ReadCount("imports");
        for (var i = 0; i < count; i++)
        {
            var module = cursor.ReadName("import module name");
            var name = cursor.ReadName("import name");
            var at = cursor.Offset;
            var (kind, typeIndex) = CoreTypeReader.ReadExternType(ref cursor);
            CoreFunctionType? funcType = null;
            if (kind == CoreSort.Func)
            {
                funcType = typeIndex < types.Count ? types[(int)typeIndex] : throw cursor.ErrorAt(at, $"import {module}::{name}: type {typeIndex} is out of range");
            }
            imports.Add(new CoreImport(module, name, kind, funcType));
        }
    }

    private static void ReadFunctions(ref BinaryCursor cursor, List<uint> functions)
    {
        var count = cursor.ReadCount("functions");
        for (var i = 0; i < count; i++)
        {
            functions.Add(cursor.ReadU32());
        }
    }

    private static void ReadExports(ref BinaryCursor cursor, List<(string, CoreSort, uint)> exports)
    {
        var count = cursor.ReadCount("exports");
        for (var i = 0; i < count; i++)
        {
            var name = cursor.ReadName("export name");
            var kindByte = cursor.ReadByte();
            if (kindByte > 4)
            {
                throw cursor.Error($"export {name}: unknown kind 0x{kindByte:x2}");
            }
            exports.Add((name, (CoreSort)kindByte, cursor.ReadU32()));
        }
    }
}
