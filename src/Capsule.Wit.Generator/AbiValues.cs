using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>
/// The canonical ABI's value code of one interface (CanonicalABI.md), shared by the lowerings (host imports) and
/// the exports (host calls guest): expressions that lift a value out of flat core values or guest memory, and
/// statements that lower one into them. Composite types get a private helper each (<c>Load{Type}</c>,
/// <c>Store{Type}</c>, <c>Lift{Type}</c>, <c>Lower{Type}</c>, <c>LiftListOf{Type}</c>, <c>LowerListOf{Type}</c>),
/// written once per interface by <see cref="WriteHelpers"/>. Helpers are generic over the call
/// (<c>CanonCall</c> or <c>LiftedCall</c>, both <c>ICanonAllocator</c>), so one helper serves both directions.
/// Code that names the call uses <c>call</c>; guest memory is reached only through <c>call.Memory</c>.
/// </summary>
internal sealed partial class AbiValues(TypeMapper types)
{
    public const string Abi = "global::Capsule.Runtime.Components.Abi.";

    /// <summary>The C# types of the interface.</summary>
    public TypeMapper Types => types;

    // ---- lifting from flat values -------------------------------------------

    /// <summary>The value of <paramref name="type"/> read from <paramref name="span"/> from <paramref name="slot"/> on (advanced past it).</summary>
    public string LiftFlat(WitType type, string span, ref int slot)
    {
        var s = $"{span}[{slot}]";
        switch (TypeMapper.Resolve(type))
        {
            case PrimitiveType { Kind: Primitive.String }:
                slot += 2;
                return $"{Abi}CanonLift.String(call.Memory, {s}.U32, {span}[{slot - 1}].U32)";
            case ListType l:
                slot += 2;
                return $"{ListLifter(l)}(ref call, {s}.U32, {span}[{slot - 1}].U32)";
            case TupleType t:
                {
                    var parts = new List<string>();
                    foreach (var element in t.Elements)
                    {
                        parts.Add(LiftFlat(element, span, ref slot));
                    }
                    return t.Elements.Count == 1 ? $"new {types.Type(t)}({parts[0]})" : $"({string.Join(", ", parts)})";
                }
            case NamedType { Definition: RecordDef r } named:
                {
                    var parts = new List<string>();
                    foreach (var field in r.Fields)
                    {
                        parts.Add(LiftFlat(field.Type, span, ref slot));
                    }
                    return $"new {types.Type(named)}({string.Join(", ", parts)})";
                }
            case var v when IsVariantLike(v):
                {
                    var count = AbiLayout.Flat(v).Count;
                    slot += count;
                    return $"{FlatLifter(v)}(ref call, {span}.Slice({slot - count}, {count}))";
                }
            default:
                slot++;
                return Scalar(type, s + ".U32", s);
        }
    }

    // A value held in one core value: `u32` is its i32 read as unsigned; `raw` the ValRaw for i64/f32/f64.
    private string Scalar(WitType type, string u32, string raw) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType { Kind: Primitive.Bool } => $"({u32} != 0)",
        PrimitiveType { Kind: Primitive.U8 } => $"(byte){u32}",
        PrimitiveType { Kind: Primitive.S8 } => $"(sbyte){u32}",
        PrimitiveType { Kind: Primitive.U16 } => $"(ushort){u32}",
        PrimitiveType { Kind: Primitive.S16 } => $"(short){u32}",
        PrimitiveType { Kind: Primitive.U32 } => u32,
        PrimitiveType { Kind: Primitive.S32 } => $"(int){u32}",
        PrimitiveType { Kind: Primitive.U64 } => $"(ulong){raw}.I64",
        PrimitiveType { Kind: Primitive.S64 } => $"{raw}.I64",
        PrimitiveType { Kind: Primitive.F32 } => $"{raw}.F32",
        PrimitiveType { Kind: Primitive.F64 } => $"{raw}.F64",
        PrimitiveType { Kind: Primitive.Char } => $"{Abi}CanonLift.Char({u32})",
        HandleType { Kind: HandleKind.Borrow } h => $"new {types.Type(h)}(call.Handles.Lend({u32}, {Id(h.Resource)}))",
        HandleType h => $"new {types.Type(h)}(call.Handles.TakeOwn({u32}, {Id(h.Resource)}))",
        NamedType { Definition: ResourceDef r } n => $"new {types.Type(n)}(call.Handles.TakeOwn({u32}, {Id(r)}))",
        NamedType { Definition: EnumDef e } n => $"({types.Type(n)}){Abi}CanonLift.Case({u32}, {e.Cases.Count})",
        NamedType { Definition: FlagsDef f } n => $"({types.Type(n)})({u32} & 0x{Mask(f):x}u)",
        var other => throw new NotSupportedException($"{other} is not one core value"),
    };

    // ---- lowering into flat values --------------------------------------------

    /// <summary>The one ValRaw of a value that is one scalar core value; null for strings, lists and composites.</summary>
    public string? LowerFlat(WitType type, string value) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType { Kind: Primitive.Bool } => $"{Abi}ValRaw.FromI32({value} ? 1 : 0)",
        PrimitiveType { Kind: Primitive.U64 or Primitive.S64 } => $"{Abi}ValRaw.FromI64((long){value})",
        PrimitiveType { Kind: Primitive.F32 } => $"{Abi}ValRaw.FromF32({value})",
        PrimitiveType { Kind: Primitive.F64 } => $"{Abi}ValRaw.FromF64({value})",
        PrimitiveType { Kind: Primitive.Char } => $"{Abi}ValRaw.FromI32({value}.Value)",
        PrimitiveType { Kind: Primitive.String } => null,
        PrimitiveType { Kind: Primitive.U8 or Primitive.U16 or Primitive.U32 } => $"{Abi}ValRaw.FromI32((int){value})",
        PrimitiveType => $"{Abi}ValRaw.FromI32({value})",
        HandleType { Kind: HandleKind.Own } h => $"{Abi}ValRaw.FromI32((int)call.Handles.AddOwn({Id(h.Resource)}, {value}.Handle))",
        HandleType { Kind: HandleKind.Borrow } h => $"{Abi}ValRaw.FromI32((int)call.Handles.AddBorrow({Id(h.Resource)}, {value}.Handle, call.Borrows))",
        NamedType { Definition: ResourceDef r } => $"{Abi}ValRaw.FromI32((int)call.Handles.AddOwn({Id(r)}, {value}.Handle))",
        NamedType { Definition: EnumDef } => $"{Abi}ValRaw.FromI32((int){Abi}CanonLower.Case((uint){value}, {CaseCount(type)}))",
        NamedType { Definition: FlagsDef f } => $"{Abi}ValRaw.FromI32((int)((uint){value} & 0x{Mask(f):x}u))",
        _ => null,
    };

    /// <summary>Statements writing <paramref name="value"/> into <paramref name="span"/> from <paramref name="slot"/> on (advanced past it).</summary>
    public IEnumerable<string> LowerFlatInto(WitType type, string value, string span, int slot) => LowerFlatInto(type, value, span, ref slot);

    private List<string> LowerFlatInto(WitType type, string value, string span, ref int slot)
    {
        var lines = new List<string>();
        switch (TypeMapper.Resolve(type))
        {
            case PrimitiveType { Kind: Primitive.String }:
                EnsurePairHelpers();
                lines.Add($"SetPair({span}.Slice({slot}, 2), {Abi}CanonLower.String(ref call, {value}));");
                slot += 2;
                break;
            case ListType l:
                EnsurePairHelpers();
                lines.Add($"SetPair({span}.Slice({slot}, 2), {ListLowerer(l)}(ref call, {value}));");
                slot += 2;
                break;
            case TupleType or NamedType { Definition: RecordDef }:
                var names = FieldNames(type);
                var fields = FieldsOf(type);
                for (var i = 0; i < fields.Count; i++)
                {
                    lines.AddRange(LowerFlatInto(fields[i], $"{value}.{names[i]}", span, ref slot));
                }
                break;
            case var v when IsVariantLike(v):
                var count = AbiLayout.Flat(v).Count;
                lines.Add($"{FlatLowerer(v)}(ref call, {value}, {span}.Slice({slot}, {count}));");
                slot += count;
                break;
            default:
                lines.Add($"{span}[{slot}] = {LowerFlat(type, value)};");
                slot++;
                break;
        }
        return lines;
    }

    // ---- memory -------------------------------------------------------------

    /// <summary>The value of <paramref name="type"/> loaded from guest memory at <paramref name="ptr"/> (an expression).</summary>
    public string Load(WitType type, string ptr)
    {
        switch (TypeMapper.Resolve(type))
        {
            case PrimitiveType { Kind: Primitive.String }:
                return $"{Abi}CanonLift.String(call.Memory, call.Memory.U32({ptr}), call.Memory.U32({ptr} + 4))";
            case ListType l:
                return $"{ListLifter(l)}(ref call, call.Memory.U32({ptr}), call.Memory.U32({ptr} + 4))";
            case var c when c is TupleType or NamedType { Definition: RecordDef } || IsVariantLike(c):
                return $"{Loader(type)}(ref call, {ptr})";
            case var t when AbiLayout.Size(t) == 8:
                var raw = $"{Abi}ValRaw.FromI64((long)call.Memory.U64({ptr}))";
                return Scalar(t, "0u", raw);
            case var t when AbiLayout.Flat(t)[0] == "F32":
                return $"call.Memory.F32({ptr})";
            case var t:
                var read = AbiLayout.Size(t) switch { 1 => "U8", 2 => "U16", _ => "U32" };
                return Scalar(t, $"(uint)call.Memory.{read}({ptr})", "");
        }
    }

    /// <summary>A statement storing <paramref name="value"/> of <paramref name="type"/> into guest memory at <paramref name="ptr"/>.</summary>
    public string Store(WitType type, string value, string ptr)
    {
        switch (TypeMapper.Resolve(type))
        {
            case PrimitiveType { Kind: Primitive.String }:
                EnsurePairHelpers();
                return $"StorePair(ref call, {ptr}, {Abi}CanonLower.String(ref call, {value}));";
            case ListType l:
                EnsurePairHelpers();
                return $"StorePair(ref call, {ptr}, {ListLowerer(l)}(ref call, {value}));";
            case var c when c is TupleType or NamedType { Definition: RecordDef } || IsVariantLike(c):
                return $"{Storer(type)}(ref call, {value}, {ptr});";
            case PrimitiveType { Kind: Primitive.F32 }:
                return $"call.Memory.SetF32({ptr}, {value});";
            case PrimitiveType { Kind: Primitive.F64 }:
                return $"call.Memory.SetF64({ptr}, {value});";
            case PrimitiveType { Kind: Primitive.U64 or Primitive.S64 }:
                return $"call.Memory.SetU64({ptr}, (ulong){value});";
            case var t:
                var bits = LowerFlat(t, value)!.Replace($"{Abi}ValRaw.FromI32(", "(uint)(");
                var write = AbiLayout.Size(t) switch { 1 => "SetU8(" + ptr + ", (byte)", 2 => "SetU16(" + ptr + ", (ushort)", _ => "SetU32(" + ptr + ", " };
                return $"call.Memory.{write}{bits});";
        }
    }

    // ---- names and shapes -----------------------------------------------------

    /// <summary>True for the types the canonical ABI lays out as a discriminant and a payload: variant, option, result.</summary>
    public static bool IsVariantLike(WitType type) => TypeMapper.Resolve(type) is OptionType or ResultType or NamedType { Definition: VariantDef };

    private static List<WitType> FieldsOf(WitType type) => TypeMapper.Resolve(type) switch
    {
        TupleType t => t.Elements.ToList(),
        NamedType { Definition: RecordDef r } => r.Fields.Select(f => f.Type).ToList(),
        _ => throw new NotSupportedException(type.ToString()),
    };

    private static List<string> FieldNames(WitType type) => TypeMapper.Resolve(type) switch
    {
        TupleType t => t.Elements.Select((_, i) => $"Item{i + 1}").ToList(),
        NamedType { Definition: RecordDef r } => r.Fields.Select(f => DotNetNames.Member(f.Name, DotNetNames.Pascal(r.Name))).ToList(),
        _ => throw new NotSupportedException(type.ToString()),
    };

    private static int CaseCount(WitType type) => TypeMapper.Resolve(type) is NamedType { Definition: EnumDef e } ? e.Cases.Count : 0;

    /// <summary>A helper's name part for <paramref name="type"/> (<c>ListOfPoint</c>, <c>ResultOfUnitAndErrorCode</c>).</summary>
    public static string Key(WitType type) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType p => p.Kind.ToString(),
        ListType l => "ListOf" + Key(l.Element),
        TupleType t => "TupleOf" + string.Join("And", t.Elements.Select(Key)),
        OptionType o => "OptionOf" + Key(o.Some),
        ResultType r => "ResultOf" + (r.Ok is null ? "Unit" : Key(r.Ok)) + "And" + (r.Err is null ? "Unit" : Key(r.Err)),
        HandleType h => h.Kind + DotNetNames.Pascal(h.Resource.Name),
        NamedType n => DotNetNames.Pascal(n.Definition.Name),
        var other => other.GetType().Name,
    };

    private static uint Mask(FlagsDef flags) => flags.Flags.Count >= 32 ? uint.MaxValue : (1u << flags.Flags.Count) - 1;

    /// <summary>The process-wide type id of a resource's handles.</summary>
    public string Id(ResourceDef resource) => $"{types.Bindings}ResourceType<{types.Name(resource)}>.Id";
}
