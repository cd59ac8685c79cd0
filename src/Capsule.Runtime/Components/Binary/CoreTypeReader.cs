namespace Capsule.Runtime.Components.Binary;

/// <summary>Core type encodings shared by core modules and a component's core type section.</summary>
internal static class CoreTypeReader
{
    /// <summary>After 0x60: vec(valtype) vec(valtype).</summary>
    public static CoreFunctionType ReadFuncTypeBody(ref BinaryCursor cursor)
    {
        var parameters = ReadValueTypes(ref cursor, "function parameters");
        var results = ReadValueTypes(ref cursor, "function results");
        return new CoreFunctionType(parameters, results);
    }

    public static CoreValueType ReadValueType(ref BinaryCursor cursor)
    {
        var at = cursor.Offset;
        var code = cursor.ReadByte();
        return code switch
        {
            0x7f or 0x7e or 0x7d or 0x7c or 0x7b or 0x70 or 0x6f => (CoreValueType)code,
            0x64 or 0x63 => throw cursor.ErrorAt(at, "typed function references are not supported yet"),
            _ => throw cursor.ErrorAt(at, $"unknown core value type 0x{code:x2}"),
        };
    }

    /// <summary>core:externtype (import descriptors): the kind and, for a function or tag, its type index.</summary>
    public static (CoreSort Kind, uint TypeIndex) ReadExternType(ref BinaryCursor cursor)
    {
        var at = cursor.Offset;
        var kind = cursor.ReadByte();
        switch (kind)
        {
            case 0x00:
                return (CoreSort.Func, cursor.ReadU32());
            case 0x01:
                ReadRefType(ref cursor);
                ReadLimits(ref cursor, isMemory: false);
                return (CoreSort.Table, 0);
            case 0x02:
                ReadLimits(ref cursor, isMemory: true);
                return (CoreSort.Memory, 0);
            case 0x03:
                ReadValueType(ref cursor);
                if (cursor.ReadByte() > 1)
                {
                    throw cursor.Error("global mutability must be 0 or 1");
                }
                return (CoreSort.Global, 0);
            case 0x04:
                if (cursor.ReadByte() != 0)
                {
                    throw cursor.Error("tag attribute must be 0");
                }
                return (CoreSort.Tag, cursor.ReadU32());
            default:
                throw cursor.ErrorAt(at, $"unknown core extern kind 0x{kind:x2}");
        }
    }

    private static void ReadRefType(ref BinaryCursor cursor)
    {
        var type = ReadValueType(ref cursor);
        if (type is not (CoreValueType.FuncRef or CoreValueType.ExternRef))
        {
            throw cursor.Error("table element type must be a reference type");
        }
    }

    // limits: flags (bit 0 max present, bit 1 shared, bit 2 64-bit, bit 3 custom page size), min, max?, page size?
    private static void ReadLimits(ref BinaryCursor cursor, bool isMemory)
    {
        var at = cursor.Offset;
        var flags = cursor.ReadByte();
        if (flags > (isMemory ? 0x0f : 0x05))
        {
            throw cursor.ErrorAt(at, $"unknown limits flags 0x{flags:x2}");
        }
        var wide = (flags & 0x04) != 0;
        _ = wide ? cursor.ReadU64() : cursor.ReadU32();
        if ((flags & 0x01) != 0)
        {
            _ = wide ? cursor.ReadU64() : cursor.ReadU32();
        }
        if ((flags & 0x08) != 0)
        {
            cursor.ReadU32();
        }
    }

    private static List<CoreValueType> ReadValueTypes(ref BinaryCursor cursor, string what)
    {
        var count = cursor.ReadCount(what);
        var types = new List<CoreValueType>(count);
        for (var i = 0; i < count; i++)
        {
            types.Add(ReadValueType(ref cursor));
        }
        return types;
    }
}
