namespace Capsule.Runtime.Components.Binary;

/// <summary>The type section: value, function, component, instance and resource types.</summary>
internal sealed partial class ComponentParser
{
    private const int MaxFlags = 32;
    private const int MaxParams = 1_000;

    private void ReadTypeEntry(ref BinaryCursor cursor, Scope scope)
    {
        var type = ReadDefinedType(ref cursor, scope);
        Add(ref cursor, scope, Sort.Type, new Definition.Type(type));
    }

    private DefinedType ReadDefinedType(ref BinaryCursor cursor, Scope scope)
    {
        var at = cursor.Offset;
        var form = cursor.PeekByte();
        switch (form)
        {
            case 0x3f:
                cursor.ReadByte();
                if (scope.Spaces is null)
                {
                    throw cursor.ErrorAt(at, "a resource type cannot be defined inside a component or instance type");
                }
                var representation = CoreTypeReader.ReadValueType(ref cursor);
                if (representation != CoreValueType.I32)
                {
                    throw cursor.ErrorAt(at, "a resource's representation must be i32");
                }
                uint? destructor = cursor.ReadByte() switch
                {
                    0x00 => null,
                    0x01 => ReadIndex(ref cursor, scope, Sort.CoreFunc, "resource destructor"),
                    _ => throw cursor.ErrorAt(at, "bad resource destructor marker"),
                };
                return new DefinedType.Resource(representation, destructor);
            case 0x40 or 0x43:
                cursor.ReadByte();
                var parameters = ReadLabeledTypes(ref cursor, scope, "function parameters", MaxParams);
                ValType? result = cursor.ReadByte() switch
                {
                    0x00 => ReadValType(ref cursor, scope),
                    0x01 when cursor.ReadByte() == 0x00 => null,
                    _ => throw cursor.ErrorAt(at, "function results must be one type or none"),
                };
                return new DefinedType.Func(parameters, result, form == 0x43);
            case 0x41 or 0x42:
                cursor.ReadByte();
                var declarations = ReadDeclarations(ref cursor, scope, isComponent: form == 0x41);
                return form == 0x41 ? new DefinedType.Component(declarations) : new DefinedType.Instance(declarations);
            default:
                return ReadDefinedValueType(ref cursor, scope);
        }
    }

    private static DefinedType ReadDefinedValueType(ref BinaryCursor cursor, Scope scope)
    {
        var at = cursor.Offset;
        var form = cursor.ReadByte();
        if (IsPrimitive(form))
        {
            return new DefinedType.Primitive((PrimitiveType)form);
        }
        switch (form)
        {
            case 0x72:
                return new DefinedType.Record(NonEmpty(ref cursor, at, ReadLabeledTypes(ref cursor, scope, "record fields", int.MaxValue), "record"));
            case 0x71:
                var count = cursor.ReadCount("variant cases");
                var cases = new List<VariantCase>(count);
                var labels = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < count; i++)
                {
                    var label = ReadLabel(ref cursor, labels, "variant case");
                    var payload = ReadOptionalValType(ref cursor, scope);
                    if (cursor.ReadByte() != 0x00)
                    {
                        throw cursor.Error($"variant case {label}: refinements are not supported");
                    }
                    cases.Add(new VariantCase(label, payload));
                }
                return new DefinedType.Variant(NonEmpty(ref cursor, at, cases, "variant"));
            case 0x70:
                return new DefinedType.List(ReadValType(ref cursor, scope), null);
            case 0x67:
                var element = ReadValType(ref cursor, scope);
                var length = cursor.ReadU32();
                return length == 0 ? throw cursor.ErrorAt(at, "a fixed-length list needs a length above 0") : new DefinedType.List(element, length);
            case 0x6f:
                var tupleCount = cursor.ReadCount("tuple types");
                var types = new List<ValType>(tupleCount);
                for (var i = 0; i < tupleCount; i++)
                {
                    types.Add(ReadValType(ref cursor, scope));
                }
                return new DefinedType.Tuple(NonEmpty(ref cursor, at, types, "tuple"));
            case 0x6e:
                var flags = ReadLabels(ref cursor, "flags");
                return flags.Count > MaxFlags ? throw cursor.ErrorAt(at, $"{flags.Count} flags is more than {MaxFlags}") : new DefinedType.Flags(NonEmpty(ref cursor, at, flags, "flags"));
            case 0x6d:
                return new DefinedType.Enum(NonEmpty(ref cursor, at, ReadLabels(ref cursor, "enum cases"), "enum"));
            case 0x6b:
                return new DefinedType.Option(ReadValType(ref cursor, scope));
            case 0x6a:
                return new DefinedType.Result(ReadOptionalValType(ref cursor, scope), ReadOptionalValType(ref cursor, scope));
            case 0x69:
                return new DefinedType.Own(ReadIndex(ref cursor, scope, Sort.Type, "own"));
            case 0x68:
                return new DefinedType.Borrow(ReadIndex(ref cursor, scope, Sort.Type, "borrow"));
            case 0x66:
                return new DefinedType.Stream(ReadOptionalValType(ref cursor, scope));
            case 0x65:
                return new DefinedType.Future(ReadOptionalValType(ref cursor, scope));
            case 0x63:
                return new DefinedType.Map(ReadValType(ref cursor, scope), ReadValType(ref cursor, scope));
            default:
                throw cursor.ErrorAt(at, $"unknown type form 0x{form:x2}");
        }
    }

    private static bool IsPrimitive(byte code) => code is >= 0x73 and <= 0x7f or 0x64;

    private static ValType ReadValType(ref BinaryCursor cursor, Scope scope)
    {
        if (IsPrimitive(cursor.PeekByte()))
        {
            return new ValType((PrimitiveType)cursor.ReadByte(), 0);
        }
        var at = cursor.Offset;
        var index = cursor.ReadS33();
        if (index < 0)
        {
            throw cursor.ErrorAt(at, $"unknown value type {index}");
        }
        return new ValType(PrimitiveType.None, CheckIndex(ref cursor, scope, Sort.Type, (uint)index, "value type"));
    }

    private static ValType? ReadOptionalValType(ref BinaryCursor cursor, Scope scope) => cursor.ReadByte() switch
    {
        0x00 => null,
        0x01 => ReadValType(ref cursor, scope),
        var b => throw cursor.Error($"bad optional type marker 0x{b:x2}"),
    };

    private static List<LabeledType> ReadLabeledTypes(ref BinaryCursor cursor, Scope scope, string what, int max)
    {
        var at = cursor.Offset;
        var count = cursor.ReadCount(what);
        if (count > max)
        {
            throw cursor.ErrorAt(at, $"{count} {what} is more than {max}");
        }
        var list = new List<LabeledType>(count);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var label = ReadLabel(ref cursor, labels, what);
            list.Add(new LabeledType(label, ReadValType(ref cursor, scope)));
        }
        return list;
    }

    private static List<string> ReadLabels(ref BinaryCursor cursor, string what)
    {
        var count = cursor.ReadCount(what);
        var list = new List<string>(count);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            list.Add(ReadLabel(ref cursor, labels, what));
        }
        return list;
    }

    private static string ReadLabel(ref BinaryCursor cursor, HashSet<string> seen, string what)
    {
        var at = cursor.Offset;
        var label = cursor.ReadName(what);
        if (label.Length == 0 || !seen.Add(label))
        {
            throw cursor.ErrorAt(at, $"{what}: label \"{label}\" is empty or repeated");
        }
        return label;
    }

    private static IReadOnlyList<T> NonEmpty<T>(ref BinaryCursor cursor, long at, List<T> items, string what) =>
        items.Count == 0 ? throw cursor.ErrorAt(at, $"an empty {what}") : items.AsReadOnly();
}
