using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;
using Capsule.Runtime.Native;
using Capsule.Wit.Model;

namespace Capsule.Plugins.Components;

/// <summary>
/// Converts .NET values to component values and back by their WIT types, for dynamic calls:
/// bool, integers (any .NET integer in range), f32/f64, char (char or Rune), string; <c>list&lt;u8&gt;</c> as
/// <c>byte[]</c>; other lists from any <see cref="IEnumerable"/> to <c>object?[]</c>; option as null or the value;
/// <c>result</c> as <see cref="PluginResult"/>; tuple as <c>object?[]</c> (or an <see cref="ITuple"/>); record as
/// a dictionary by field name; variant as <see cref="PluginVariant"/>; enum as its case name; flags as the set
/// names. Resources are not supported dynamically. A value of the wrong shape throws <see cref="ArgumentException"/>
/// naming where it is (<c>it.tags[2]</c>).
/// </summary>
internal static class ValueCodec
{
    /// <summary>Writes <paramref name="value"/> of type <paramref name="type"/> into <paramref name="v"/>.</summary>
    public static void Write(ValRef v, WitType type, object? value, string path)
    {
        switch (Resolve(type))
        {
            case PrimitiveType p:
                WritePrimitive(v, p.Kind, value, path);
                break;
            case ListType { Element: PrimitiveType { Kind: Primitive.U8 } } when value is byte[] or ReadOnlyMemory<byte> or Memory<byte>:
                v.SetBytes(value switch { byte[] b => b, ReadOnlyMemory<byte> m => m.Span, _ => ((Memory<byte>)value).Span });
                break;
            case ListType list:
                var items = Items(value, path);
                v.SetList(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    Write(v.Item(i), list.Element, items[i], $"{path}[{i}]");
                }
                break;
            case OptionType option:
                if (value is null)
                {
                    v.SetNone();
                }
                else
                {
                    Write(v.SetSome(), option.Some, value, path);
                }
                break;
            case ResultType result:
                var r = value as PluginResult ?? throw Mismatch(path, "a PluginResult", value);
                var payload = r.IsOk ? result.Ok : result.Err;
                var slot = v.SetResult(r.IsOk, payload is not null);
                if (payload is not null)
                {
                    Write(slot, payload, r.Value, $"{path}.{(r.IsOk ? "ok" : "err")}");
                }
                break;
            case TupleType tuple:
                var elements = value is ITuple t ? [.. Enumerable.Range(0, t.Length).Select(i => t[i])] : Items(value, path);
                if (elements.Count != tuple.Elements.Count)
                {
                    throw new ArgumentException($"{path}: a tuple of {tuple.Elements.Count} elements, not {elements.Count}");
                }
                v.SetTuple(elements.Count);
                for (var i = 0; i < elements.Count; i++)
                {
                    Write(v.Item(i), tuple.Elements[i], elements[i], $"{path}.{i}");
                }
                break;
            case NamedType { Definition: RecordDef record }:
                var fields = value as IReadOnlyDictionary<string, object?> ?? throw Mismatch(path, $"a dictionary of the fields of {record.Name}", value);
                v.SetRecord([.. record.Fields.Select(f => f.Name)]);
                for (var i = 0; i < record.Fields.Count; i++)
                {
                    var field = record.Fields[i];
                    if (!fields.TryGetValue(field.Name, out var fieldValue))
                    {
                        throw new ArgumentException($"{path}: the record {record.Name} has no value for its field '{field.Name}'");
                    }
                    Write(v.Field(i), field.Type, fieldValue, $"{path}.{field.Name}");
                }
                break;
            case NamedType { Definition: VariantDef variant }:
                var chosen = value as PluginVariant ?? throw Mismatch(path, $"a PluginVariant of {variant.Name}", value);
                var @case = variant.Cases.FirstOrDefault(c => c.Name == chosen.Case)
                    ?? throw new ArgumentException($"{path}: {variant.Name} has no case '{chosen.Case}' (it has {string.Join(", ", variant.Cases.Select(c => c.Name))})");
                var casePayload = v.SetVariant(@case.Name, @case.Type is not null);
                if (@case.Type is not null)
                {
                    Write(casePayload, @case.Type, chosen.Value, $"{path}.{@case.Name}");
                }
                break;
            case NamedType { Definition: EnumDef enumDef }:
                var name = value as string ?? throw Mismatch(path, $"a case name of {enumDef.Name}", value);
                if (!enumDef.Cases.Any(c => c.Name == name))
                {
                    throw new ArgumentException($"{path}: {enumDef.Name} has no case '{name}'");
                }
                v.SetEnum(name);
                break;
            case NamedType { Definition: FlagsDef flags }:
                var set = (value as IEnumerable<string> ?? throw Mismatch(path, $"the names of set flags of {flags.Name}", value)).ToList();
                var unknown = set.FirstOrDefault(f => !flags.Flags.Any(x => x.Name == f));
                if (unknown is not null)
                {
                    throw new ArgumentException($"{path}: {flags.Name} has no flag '{unknown}'");
                }
                v.SetFlags([.. flags.Flags.Select(f => f.Name).Where(set.Contains)]);
                break;
            default:
                throw new NotSupportedException($"{path}: values of type {Describe(type)} are not supported in dynamic calls");
        }
    }

    /// <summary>Reads a value of type <paramref name="type"/> from <paramref name="v"/>.</summary>
    public static object? Read(ValRef v, WitType type) => Resolve(type) switch
    {
        PrimitiveType p => ReadPrimitive(v, p.Kind),
        ListType { Element: PrimitiveType { Kind: Primitive.U8 } } => v.ToBytes(),
        ListType list => ReadItems(v, list.Element),
        OptionType option => v.TryGetSome(out var some) ? Read(some, option.Some) : null,
        ResultType result => ReadResult(v, result),
        TupleType tuple => ReadTuple(v, tuple),
        NamedType { Definition: RecordDef record } => ReadRecord(v, record),
        NamedType { Definition: VariantDef variant } => ReadVariant(v, variant),
        NamedType { Definition: EnumDef } => v.EnumCase,
        NamedType { Definition: FlagsDef } => v.FlagNames.ToArray(),
        _ => throw new NotSupportedException($"values of type {Describe(type)} are not supported in dynamic calls"),
    };

    /// <summary>Whether dynamic calls can carry values of <paramref name="type"/>; the first unsupported type's description otherwise.</summary>
    public static string? Unsupported(WitType type) => Resolve(type) switch
    {
        PrimitiveType { Kind: Primitive.ErrorContext } => "error-context",
        PrimitiveType => null,
        ListType list => Unsupported(list.Element),
        OptionType option => Unsupported(option.Some),
        ResultType result => (result.Ok is null ? null : Unsupported(result.Ok)) ?? (result.Err is null ? null : Unsupported(result.Err)),
        TupleType tuple => tuple.Elements.Select(Unsupported).FirstOrDefault(u => u is not null),
        NamedType { Definition: RecordDef record } => record.Fields.Select(f => Unsupported(f.Type)).FirstOrDefault(u => u is not null),
        NamedType { Definition: VariantDef variant } => variant.Cases.Select(c => c.Type is null ? null : Unsupported(c.Type)).FirstOrDefault(u => u is not null),
        NamedType { Definition: EnumDef or FlagsDef } => null,
        var other => Describe(other),
    };

    private static WitType Resolve(WitType type)
    {
        while (type is NamedType { Definition: AliasDef alias })
        {
            type = alias.Target;
        }
        return type;
    }

    private static string Describe(WitType type) => type switch
    {
        NamedType named => named.Definition.Name,
        HandleType handle => $"{handle.Kind.ToString().ToLowerInvariant()}<{handle.Resource.Name}>",
        _ => type.GetType().Name.Replace("Type", "", StringComparison.Ordinal).ToLowerInvariant(),
    };

    private static void WritePrimitive(ValRef v, Primitive kind, object? value, string path)
    {
        try
        {
            switch (kind)
            {
                case Primitive.Bool: v.SetBool(value as bool? ?? throw Mismatch(path, "a bool", value)); break;
                case Primitive.U8: v.SetU8(Convert.ToByte(Integer(value, path))); break;
                case Primitive.U16: v.SetU16(Convert.ToUInt16(Integer(value, path))); break;
                case Primitive.U32: v.SetU32(Convert.ToUInt32(Integer(value, path))); break;
                case Primitive.U64: v.SetU64(Convert.ToUInt64(Integer(value, path))); break;
                case Primitive.S8: v.SetS8(Convert.ToSByte(Integer(value, path))); break;
                case Primitive.S16: v.SetS16(Convert.ToInt16(Integer(value, path))); break;
                case Primitive.S32: v.SetS32(Convert.ToInt32(Integer(value, path))); break;
                case Primitive.S64: v.SetS64(Convert.ToInt64(Integer(value, path))); break;
                case Primitive.F32: v.SetF32(value is float or double or int or long ? Convert.ToSingle(value) : throw Mismatch(path, "a number", value)); break;
                case Primitive.F64: v.SetF64(value is float or double or int or long ? Convert.ToDouble(value) : throw Mismatch(path, "a number", value)); break;
                case Primitive.Char: v.SetChar(value switch { Rune r => r, char c => new Rune(c), string { Length: > 0 } s when Rune.GetRuneAt(s, 0).Utf16SequenceLength == s.Length => Rune.GetRuneAt(s, 0), _ => throw Mismatch(path, "a char or Rune", value) }); break;
                case Primitive.String: v.SetString(value as string ?? throw Mismatch(path, "a string", value)); break;
                default: throw new NotSupportedException($"{path}: {kind} values are not supported in dynamic calls");
            }
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"{path}: {value} is out of the range of {kind.ToString().ToLowerInvariant()}");
        }
    }

    private static object Integer(object? value, string path) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong ? value : throw Mismatch(path, "an integer", value);

    private static object ReadPrimitive(ValRef v, Primitive kind) => kind switch
    {
        Primitive.Bool => v.Bool,
        Primitive.U8 => v.U8,
        Primitive.U16 => v.U16,
        Primitive.U32 => v.U32,
        Primitive.U64 => v.U64,
        Primitive.S8 => v.S8,
        Primitive.S16 => v.S16,
        Primitive.S32 => v.S32,
        Primitive.S64 => v.S64,
        Primitive.F32 => v.F32,
        Primitive.F64 => v.F64,
        Primitive.Char => v.Char,
        Primitive.String => v.String,
        _ => throw new NotSupportedException($"{kind} values are not supported in dynamic calls"),
    };

    private static object?[] ReadItems(ValRef v, WitType element)
    {
        var items = new object?[v.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Read(v.Item(i), element);
        }
        return items;
    }

    private static object?[] ReadTuple(ValRef v, TupleType tuple)
    {
        var items = new object?[tuple.Elements.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Read(v.Item(i), tuple.Elements[i]);
        }
        return items;
    }

    private static PluginResult ReadResult(ValRef v, ResultType result)
    {
        var ok = v.IsOk(out var payload, out var hasPayload);
        var payloadType = ok ? result.Ok : result.Err;
        return new PluginResult(ok, hasPayload && payloadType is not null ? Read(payload, payloadType) : null);
    }

    private static Dictionary<string, object?> ReadRecord(ValRef v, RecordDef record)
    {
        var fields = new Dictionary<string, object?>(record.Fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < record.Fields.Count; i++)
        {
            fields[record.Fields[i].Name] = Read(v.Field(i), record.Fields[i].Type);
        }
        return fields;
    }

    private static PluginVariant ReadVariant(ValRef v, VariantDef variant)
    {
        var name = v.VariantCase;
        var @case = variant.Cases.First(c => c.Name == name);
        return new PluginVariant(name, @case.Type is null ? null : Read(v.VariantPayload, @case.Type));
    }

    private static List<object?> Items(object? value, string path) =>
        value is IEnumerable items and not string ? [.. items.Cast<object?>()] : throw Mismatch(path, "a list", value);

    private static ArgumentException Mismatch(string path, string expected, object? value) =>
        new($"{path}: expected {expected}, got {(value is null ? "null" : value.GetType().Name)}");
}
