using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>
/// The canonical ABI's layout of WIT types (CanonicalABI.md): flattening into core values, size and
/// alignment in linear memory. <see cref="Supported"/> says which types the lowerings handle so far.
/// </summary>
internal static class AbiLayout
{
    /// <summary>The flat core types of <paramref name="type"/> ("I32", "I64", "F32", "F64").</summary>
    public static List<string> Flat(WitType type)
    {
        switch (TypeMapper.Resolve(type))
        {
            case PrimitiveType { Kind: Primitive.U64 or Primitive.S64 }:
                return ["I64"];
            case PrimitiveType { Kind: Primitive.F32 }:
                return ["F32"];
            case PrimitiveType { Kind: Primitive.F64 }:
                return ["F64"];
            case PrimitiveType { Kind: Primitive.String }:
            case ListType:
                return ["I32", "I32"];
            case PrimitiveType:
            case HandleType:
                return ["I32"];
            case TupleType t:
                return t.Elements.SelectMany(Flat).ToList();
            case OptionType o:
                return Variant([null, o.Some]);
            case ResultType r:
                return Variant([r.Ok, r.Err]);
            case NamedType { Definition: var d }:
                return d switch
                {
                    RecordDef r => r.Fields.SelectMany(f => Flat(f.Type)).ToList(),
                    VariantDef v => Variant(v.Cases.Select(c => c.Type).ToList()),
                    FlagsDef f => Enumerable.Repeat("I32", Math.Max(1, (f.Flags.Count + 31) / 32)).ToList(),
                    _ => ["I32"], // enum, resource
                };
            default:
                throw new NotSupportedException($"{type} has no canonical ABI layout yet");
        }
    }

    // A discriminant, then per position the join of every case's flat type there.
    private static List<string> Variant(IReadOnlyList<WitType?> cases)
    {
        var joined = new List<string>();
        foreach (var flat in cases.Where(c => c is not null).Select(c => Flat(c!)))
        {
            for (var i = 0; i < flat.Count; i++)
            {
                if (i < joined.Count)
                {
                    joined[i] = Join(joined[i], flat[i]);
                }
                else
                {
                    joined.Add(flat[i]);
                }
            }
        }
        return ["I32", .. joined];
    }

    private static string Join(string a, string b) =>
        a == b ? a : (a, b) is ("I32", "F32") or ("F32", "I32") ? "I32" : "I64";

    /// <summary>Size in bytes in linear memory.</summary>
    public static uint Size(WitType type) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType { Kind: Primitive.Bool or Primitive.U8 or Primitive.S8 } => 1,
        PrimitiveType { Kind: Primitive.U16 or Primitive.S16 } => 2,
        PrimitiveType { Kind: Primitive.U64 or Primitive.S64 or Primitive.F64 } => 8,
        PrimitiveType { Kind: Primitive.String } or ListType => 8,
        PrimitiveType or HandleType => 4,
        TupleType t => Fields(t.Elements).Size,
        NamedType { Definition: RecordDef r } => Fields(r.Fields.Select(f => f.Type).ToList()).Size,
        NamedType { Definition: EnumDef e } => Discriminant(e.Cases.Count),
        NamedType { Definition: FlagsDef f } => f.Flags.Count <= 8 ? 1u : f.Flags.Count <= 16 ? 2u : 4u * (uint)((f.Flags.Count + 31) / 32),
        NamedType { Definition: ResourceDef } => 4,
        OptionType or ResultType or NamedType { Definition: VariantDef } => AlignTo(PayloadOffset(type) + MaxPayload(type, alignment: false), Align(type)),
        var other => throw new NotSupportedException($"{other} has no memory layout here yet"),
    };

    /// <summary>Alignment in linear memory.</summary>
    public static uint Align(WitType type) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType { Kind: Primitive.String } or ListType => 4,
        TupleType t => t.Elements.Count == 0 ? 1 : t.Elements.Max(Align),
        NamedType { Definition: RecordDef r } => r.Fields.Count == 0 ? 1 : r.Fields.Max(f => Align(f.Type)),
        NamedType { Definition: FlagsDef f } => f.Flags.Count <= 8 ? 1u : f.Flags.Count <= 16 ? 2u : 4u,
        OptionType or ResultType or NamedType { Definition: VariantDef } => Math.Max(DiscriminantSize(Payloads(type).Count), MaxPayload(type, alignment: true)),
        var other => Size(other),
    };

    /// <summary>The payload type of each case of a variant, option (none, some) or result (ok, err); null for none.</summary>
    public static IReadOnlyList<WitType?> Payloads(WitType type) => TypeMapper.Resolve(type) switch
    {
        OptionType o => [null, o.Some],
        ResultType r => [r.Ok, r.Err],
        NamedType { Definition: VariantDef v } => v.Cases.Select(c => c.Type).ToList(),
        var other => throw new NotSupportedException($"{other} is not a variant"),
    };

    /// <summary>Where a variant's payload starts: after the discriminant, aligned to the largest case alignment.</summary>
    public static uint PayloadOffset(WitType type) => AlignTo(DiscriminantSize(Payloads(type).Count), MaxPayload(type, alignment: true));

    /// <summary>The size (and alignment) of a discriminant of <paramref name="cases"/> cases.</summary>
    public static uint DiscriminantSize(int cases) => Discriminant(cases);

    // The largest size (or alignment) over the cases with a payload; 0 for size and 1 for alignment without any.
    private static uint MaxPayload(WitType type, bool alignment) =>
        Payloads(type).Where(p => p is not null).Select(p => alignment ? Align(p!) : Size(p!)).Aggregate(alignment ? 1u : 0u, Math.Max);

    /// <summary>The offset of each field of a record or tuple, and its size (padded to its alignment).</summary>
    public static (List<uint> Offsets, uint Size) Fields(IReadOnlyList<WitType> fields)
    {
        var offsets = new List<uint>();
        uint size = 0;
        foreach (var field in fields)
        {
            size = AlignTo(size, Align(field));
            offsets.Add(size);
            size += Size(field);
        }
        var align = fields.Count == 0 ? 1 : fields.Max(Align);
        return (offsets, AlignTo(size, align));
    }

    private static uint Discriminant(int cases) => cases <= 256 ? 1u : cases <= 65536 ? 2u : 4u;

    private static uint AlignTo(uint offset, uint align) => (offset + align - 1) / align * align;

    /// <summary>
    /// Whether the lowerings handle <paramref name="type"/> yet: everything but fixed-length lists, flags of more
    /// than 32 members and WASI 0.3's future/stream/error-context (those functions are left out of the LoweredInterface).
    /// </summary>
    public static bool Supported(WitType type) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType or HandleType => true,
        ListType { Length: null } l => Supported(l.Element),
        TupleType t => t.Elements.All(Supported),
        NamedType { Definition: RecordDef r } => r.Fields.All(f => Supported(f.Type)),
        NamedType { Definition: EnumDef or ResourceDef } => true,
        NamedType { Definition: FlagsDef f } => f.Flags.Count <= 32,
        OptionType or ResultType or NamedType { Definition: VariantDef } => Payloads(type).All(p => p is null || Supported(p)),
        _ => false,
    };
}
