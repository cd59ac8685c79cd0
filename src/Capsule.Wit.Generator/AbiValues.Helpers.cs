using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>The per-type helper methods of <see cref="AbiValues"/>, each written once per interface.</summary>
internal sealed partial class AbiValues
{
    private readonly Dictionary<string, List<string>> _helpers = [];

    /// <summary>Writes every helper the expressions asked for so far.</summary>
    public void WriteHelpers(SourceWriter writer)
    {
        foreach (var helper in _helpers.Values)
        {
            writer.Line();
            foreach (var line in helper)
            {
                writer.Line(line);
            }
        }
    }

    // A new helper (null when it exists): its generic header over the call, then `{`.
    private List<string>? Helper(string name, string returns, string parameters)
    {
        if (_helpers.ContainsKey(name))
        {
            return null;
        }
        var lines = new List<string>
        {
            $"private static {returns} {name}<TCall>(ref TCall call{(parameters.Length == 0 ? "" : ", " + parameters)})",
            $"    where TCall : {Abi}ICanonAllocator, allows ref struct",
            "{",
        };
        _helpers[name] = lines;
        EnsurePairHelpers();
        return lines;
    }

    private void EnsurePairHelpers()
    {
        if (_helpers.ContainsKey("StorePair"))
        {
            return;
        }
        _helpers["StorePair"] =
        [
            "private static void StorePair<TCall>(ref TCall call, uint ptr, (uint Ptr, uint Length) pair)",
            $"    where TCall : {Abi}ICanonAllocator, allows ref struct",
            "{",
            "    call.Memory.SetU32(ptr, pair.Ptr);",
            "    call.Memory.SetU32(ptr + 4, pair.Length);",
            "}",
        ];
        _helpers["SetPair"] =
        [
            $"private static void SetPair(scoped global::System.Span<{Abi}ValRaw> flat, (uint Ptr, uint Length) pair)",
            "{",
            $"    flat[0] = {Abi}ValRaw.FromI32((int)pair.Ptr);",
            $"    flat[1] = {Abi}ValRaw.FromI32((int)pair.Length);",
            "}",
        ];
    }

    private string ListLifter(ListType list)
    {
        var name = "LiftListOf" + Key(list.Element);
        if (Helper(name, types.Type(list), "uint ptr, uint count") is not { } lines)
        {
            return name;
        }
        var element = list.Element;
        if (TypeMapper.IsByte(element))
        {
            lines.Add($"    return {Abi}CanonLift.Bytes(call.Memory, ptr, count).ToArray();");
        }
        else if (BulkScalar(element) is { } scalar)
        {
            lines.Add($"    return {Abi}CanonLift.Scalars<{scalar}>(call.Memory, ptr, count);");
        }
        else
        {
            var size = AbiLayout.Size(element);
            lines.Add($"    var items = {ArrayOf(types.Type(element), $"{Abi}CanonLift.Count(call.Memory, ptr, count, {size}, {AbiLayout.Align(element)})")};");
            lines.Add("    for (var i = 0; i < items.Length; i++)");
            lines.Add("    {");
            lines.Add($"        items[i] = {Load(element, $"ptr + (uint)i * {size}")};");
            lines.Add("    }");
            lines.Add("    return items;");
        }
        lines.Add("}");
        return name;
    }

    private string ListLowerer(ListType list)
    {
        var name = "LowerListOf" + Key(list.Element);
        if (Helper(name, "(uint Ptr, uint Length)", $"{types.Type(list)} value") is not { } lines)
        {
            return name;
        }
        var element = list.Element;
        if (TypeMapper.IsByte(element))
        {
            lines.Add($"    return {Abi}CanonLower.Bytes(ref call, value);");
        }
        else if (BulkScalar(element) is { } scalar)
        {
            lines.Add($"    return {Abi}CanonLower.Scalars<{scalar}, TCall>(ref call, global::System.Linq.Enumerable.ToArray(value));");
        }
        else
        {
            var size = AbiLayout.Size(element);
            lines.Add($"    var p = {Abi}CanonLower.Array(ref call, value.Count, {size}, {AbiLayout.Align(element)});");
            lines.Add("    for (var i = 0; i < value.Count; i++)");
            lines.Add("    {");
            lines.Add($"        {Store(element, "value[i]", $"p + (uint)i * {size}")}");
            lines.Add("    }");
            lines.Add("    return (p, (uint)value.Count);");
        }
        lines.Add("}");
        return name;
    }

    private string Loader(WitType type)
    {
        var name = "Load" + Key(type);
        if (Helper(name, types.Type(type), "uint ptr") is not { } lines)
        {
            return name;
        }
        if (IsVariantLike(type))
        {
            var payloads = AbiLayout.Payloads(type);
            var offset = AbiLayout.PayloadOffset(type);
            var read = AbiLayout.DiscriminantSize(payloads.Count) switch { 1 => "U8", 2 => "U16", _ => "U32" };
            lines.Add($"    return {Abi}CanonLift.Case((uint)call.Memory.{read}(ptr), {payloads.Count}) switch");
            lines.Add("    {");
            for (var i = 0; i < payloads.Count; i++)
            {
                var payload = payloads[i] is { } p ? Load(p, $"ptr + {offset}") : null;
                lines.Add($"        {(i == payloads.Count - 1 ? "_" : i.ToString())} => {Construct(type, i, payload)},");
            }
            lines.Add("    };");
        }
        else
        {
            var fields = FieldsOf(type);
            var (offsets, _) = AbiLayout.Fields(fields);
            var parts = fields.Select((f, i) => Load(f, $"ptr + {offsets[i]}")).ToList();
            lines.Add(TypeMapper.Resolve(type) is TupleType { Elements.Count: not 1 }
                ? $"    return ({string.Join(", ", parts)});"
                : $"    return new {types.Type(type)}({string.Join(", ", parts)});");
        }
        lines.Add("}");
        return name;
    }

    private string Storer(WitType type)
    {
        var name = "Store" + Key(type);
        if (Helper(name, "void", $"{types.Type(type)} value, uint ptr") is not { } lines)
        {
            return name;
        }
        if (IsVariantLike(type))
        {
            var offset = AbiLayout.PayloadOffset(type);
            var write = AbiLayout.DiscriminantSize(AbiLayout.Payloads(type).Count) switch { 1 => "SetU8(ptr, (byte)", 2 => "SetU16(ptr, (ushort)", _ => "SetU32(ptr, (uint)" };
            Dispatch(lines, type, (i, payload) => payload is null
                ? [$"call.Memory.{write}{i});"]
                : [$"call.Memory.{write}{i});", Store(AbiLayout.Payloads(type)[i]!, payload, $"ptr + {offset}")]);
        }
        else
        {
            var fields = FieldsOf(type);
            var (offsets, _) = AbiLayout.Fields(fields);
            var names = FieldNames(type);
            for (var i = 0; i < fields.Count; i++)
            {
                lines.Add("    " + Store(fields[i], $"value.{names[i]}", $"ptr + {offsets[i]}"));
            }
        }
        lines.Add("}");
        return name;
    }

    // A variant, option or result read from its flat values (a slice of exactly its flat count).
    private string FlatLifter(WitType type)
    {
        var name = "Lift" + Key(type);
        if (Helper(name, types.Type(type), $"scoped global::System.ReadOnlySpan<{Abi}ValRaw> flat") is not { } lines)
        {
            return name;
        }
        var payloads = AbiLayout.Payloads(type);
        // Every case reads its own flat types from the joined slots: a ValRaw holds them all in its low bytes,
        // which is the spec's wrap/reinterpret (lift_flat_variant's coercions).
        lines.Add($"    return {Abi}CanonLift.Case(flat[0].U32, {payloads.Count}) switch");
        lines.Add("    {");
        for (var i = 0; i < payloads.Count; i++)
        {
            var slot = 1;
            var payload = payloads[i] is { } p ? LiftFlat(p, "flat", ref slot) : null;
            lines.Add($"        {(i == payloads.Count - 1 ? "_" : i.ToString())} => {Construct(type, i, payload)},");
        }
        lines.Add("    };");
        lines.Add("}");
        return name;
    }

    // A variant, option or result written into its flat values (the slice is cleared first: unused slots are 0).
    private string FlatLowerer(WitType type)
    {
        var name = "Lower" + Key(type);
        if (Helper(name, "void", $"{types.Type(type)} value, scoped global::System.Span<{Abi}ValRaw> flat") is not { } lines)
        {
            return name;
        }
        lines.Add("    flat.Clear();");
        var payloads = AbiLayout.Payloads(type);
        Dispatch(lines, type, (i, payload) =>
            [$"flat[0] = {Abi}ValRaw.FromI32({i});", .. payload is null ? [] : LowerFlatInto(payloads[i]!, payload, "flat", 1)]);
        lines.Add("}");
        return name;
    }

    // The C# value of case `index` of a variant-like type, with its payload expression (null without one).
    private string Construct(WitType type, int index, string? payload)
    {
        var cs = types.Type(type);
        return TypeMapper.Resolve(type) switch
        {
            OptionType { Some: var some } when TypeMapper.Resolve(some) is OptionType => index == 0 ? $"{cs}.None" : $"{cs}.Some({payload})",
            OptionType => index == 0 ? "null" : payload!,
            ResultType => $"{cs}.{(index == 0 ? "Ok" : "Err")}({payload ?? "default"})",
            NamedType { Definition: VariantDef v } => $"new {CaseType(v, v.Cases[index])}({payload})",
            _ => throw new NotSupportedException(type.ToString()),
        };
    }

    // Branches on `value`'s case; `body(case, payload expression or null)` gives each branch's statements.
    private void Dispatch(List<string> lines, WitType type, Func<int, string?, List<string>> body)
    {
        void Branch(string header, int index, string? payload)
        {
            lines.Add("    " + header);
            lines.Add("    {");
            lines.AddRange(body(index, payload).Select(l => "        " + l));
            lines.Add("    }");
        }
        switch (TypeMapper.Resolve(type))
        {
            case OptionType { Some: var some } when TypeMapper.Resolve(some) is OptionType:
                Branch("if (value.HasValue)", 1, "value.Value");
                Branch("else", 0, null);
                break;
            case OptionType:
                Branch("if (value is { } some)", 1, "some");
                Branch("else", 0, null);
                break;
            case ResultType r:
                Branch("if (value.IsOk)", 0, r.Ok is null ? null : "value.Value");
                Branch("else", 1, r.Err is null ? null : "value.Error");
                break;
            case NamedType { Definition: VariantDef v }:
                lines.Add("    switch (value)");
                lines.Add("    {");
                for (var i = 0; i < v.Cases.Count; i++)
                {
                    var c = v.Cases[i];
                    lines.Add(c.Type is null ? $"        case {CaseType(v, c)}:" : $"        case {CaseType(v, c)} payload:");
                    lines.AddRange(body(i, c.Type is null ? null : "payload.Value").Select(l => "            " + l));
                    lines.Add("            break;");
                }
                lines.Add("        default:");
                lines.Add($"            throw new {Abi}CanonTrapException($\"not a case of `{v.Name}`: {{value}}\");");
                lines.Add("    }");
                break;
        }
    }

    // `new T[count]`; for an element type that is itself an array (`byte[]`, `byte[]?`), whose brackets C# orders
    // differently, a filled array of the same type.
    private static string ArrayOf(string element, string count) => element.EndsWith("]", StringComparison.Ordinal) || element.EndsWith("]?", StringComparison.Ordinal)
        ? $"global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Repeat<{element}>(default!, {count}))"
        : $"new {element}[{count}]";

    private string CaseType(VariantDef variant, Case c) =>
        $"{types.Name(variant)}.{DotNetNames.Member(c.Name, DotNetNames.Pascal(variant.Name))}";

    // The C# element type of a list copied in bulk (little-endian scalars of 2 bytes or more, and s8).
    private static string? BulkScalar(WitType element) => TypeMapper.Resolve(element) switch
    {
        PrimitiveType { Kind: Primitive.U16 } => "ushort",
        PrimitiveType { Kind: Primitive.S16 } => "short",
        PrimitiveType { Kind: Primitive.U32 } => "uint",
        PrimitiveType { Kind: Primitive.S32 } => "int",
        PrimitiveType { Kind: Primitive.U64 } => "ulong",
        PrimitiveType { Kind: Primitive.S64 } => "long",
        PrimitiveType { Kind: Primitive.F32 } => "float",
        PrimitiveType { Kind: Primitive.F64 } => "double",
        PrimitiveType { Kind: Primitive.S8 } => "sbyte",
        _ => null,
    };
}
