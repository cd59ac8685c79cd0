using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>
/// Writes <c>{Interface}Lowerings</c>: the canonical ABI per WIT function for the component layer
/// (Capsule.Runtime.Components.Abi). <c>Create(host)</c> returns a <c>LoweredInterface</c> whose functions read
/// the guest's flat arguments (and guest memory, only through <c>GuestMemory</c>), call the same
/// <c>I{Interface}</c> the <c>{Interface}Imports</c> glue calls, and write flat results or store them at the
/// guest's return pointer through its realloc. Functions with types not lowered yet are left out (listed in a
/// comment), so the plan falls back for them.
/// </summary>
internal sealed class LoweringsEmitter(TypeMapper types)
{
    private const string Abi = "global::Capsule.Runtime.Components.Abi.";
    private static readonly string[] Reserved = ["call", "slots", "host", "result", "retptr", "args"];
    private readonly Dictionary<string, List<string>> _helpers = [];

    public void Emit(Interface witInterface, SourceWriter writer)
    {
        var name = DotNetNames.Pascal(witInterface.Name);
        var hasHost = witInterface.Functions.Count > 0 || witInterface.Resources.Any();
        var lowered = witInterface.Functions.Where(f => f.Params.All(p => AbiLayout.Supported(p.Type))
            && (f.Result is null || (AbiLayout.Supported(f.Result) && !IsBorrow(f.Result)))).ToList();
        writer.Docs($"`{witInterface.QualifiedName}` lowered by the canonical ABI for the component layer (off by default).", "");
        using (writer.Open($"public static class {name}Lowerings"))
        {
            writer.Line("/// <summary>The interface's name, as a guest imports it.</summary>");
            writer.Line($"public const string Name = \"{witInterface.QualifiedName}\";");
            writer.Line();
            foreach (var skipped in witInterface.Functions.Except(lowered))
            {
                writer.Line($"// Not lowered yet (option, result or variant): {skipped.ExternName}");
            }
            if (!hasHost)
            {
                writer.Line("/// <summary>The interface, which has types only.</summary>");
                writer.Line($"public static {Abi}LoweredInterface Create() => new(Name);");
                return;
            }
            writer.Line("/// <summary>Every lowered function and resource, calling the implementation <paramref name=\"host\"/> returns for the calling instance.</summary>");
            writer.Line("/// <param name=\"host\">The implementation for an instance (called once per host call: return a per-instance object).</param>");
            using (writer.Open($"public static {Abi}LoweredInterface Create(global::System.Func<{Abi}InstanceState, I{name}> host)"))
            {
                writer.Line($"var lowered = new {Abi}LoweredInterface(Name);");
                foreach (var resource in witInterface.Resources)
                {
                    var marker = types.Name(resource);
                    writer.Line($"lowered.Resources[\"{resource.Name}\"] = new(\"{resource.Name}\", {Id(resource)}, "
                        + $"(state, rep) => host(state).{DotNetNames.Pascal(resource.Name)}.Drop(new {types.Bindings}Resource<{marker}>(rep)));");
                }
                foreach (var function in lowered)
                {
                    var flatParams = function.Params.SelectMany(p => AbiLayout.Flat(p.Type)).ToList();
                    var flatResults = function.Result is null ? [] : AbiLayout.Flat(function.Result);
                    writer.Line($"lowered.Functions[\"{function.ExternName}\"] = new(\"{function.ExternName}\", {Abi}CoreFuncType.ForLower("
                        + $"{CoreTypes(flatParams)}, {CoreTypes(flatResults)}), "
                        + $"(ref {Abi}CanonCall call, global::System.Span<{Abi}ValRaw> slots) => {MethodName(function)}(ref call, slots, host(call.State)));");
                }
                writer.Line("return lowered;");
            }
            foreach (var function in lowered)
            {
                writer.Line();
                Function(function, $"I{name}", writer);
            }
            foreach (var helper in _helpers.Values)
            {
                writer.Line();
                foreach (var line in helper)
                {
                    writer.Line(line);
                }
            }
        }
    }

    private static string CoreTypes(List<string> flat) =>
        flat.Count == 0 ? "[]" : "[" + string.Join(", ", flat.Select(f => $"{Abi}CoreValType.{f}")) + "]";

    private static bool IsBorrow(WitType type) => TypeMapper.Resolve(type) is HandleType { Kind: HandleKind.Borrow };

    private void Function(Function function, string hostType, SourceWriter writer)
    {
        writer.Line($"// `{function.ExternName}`: lift the flat arguments, call the host, lower the result.");
        using (writer.Open($"private static void {MethodName(function)}(ref {Abi}CanonCall call, global::System.Span<{Abi}ValRaw> slots, {hostType} host)"))
        {
            var flatParams = function.Params.Sum(p => AbiLayout.Flat(p.Type).Count);
            var spilled = flatParams > 16;
            var arguments = new List<string>();
            var slot = 0;
            var layout = AbiLayout.Fields(function.Params.Select(p => p.Type).ToList());
            if (spilled)
            {
                var align = function.Params.Max(p => AbiLayout.Align(p.Type));
                writer.Line("var args = slots[0].U32;");
                writer.Line($"call.Memory.Check(args, {layout.Size}, {align});");
            }
            for (var i = 0; i < function.Params.Count; i++)
            {
                var param = function.Params[i];
                var local = DotNetNames.Camel(param.Name);
                local = Reserved.Contains(local) ? local + "Value" : local;
                var isBytes = TypeMapper.Resolve(param.Type) is ListType { Element: var e } && TypeMapper.IsByte(e);
                string value;
                if (spilled)
                {
                    value = isBytes
                        ? $"{Abi}CanonLift.Bytes(call.Memory, call.Memory.U32(args + {layout.Offsets[i]}), call.Memory.U32(args + {layout.Offsets[i] + 4}))"
                        : Load(param.Type, $"args + {layout.Offsets[i]}");
                }
                else if (isBytes)
                {
                    // A span over guest memory for this call only (the interface's parameter docs say: copy what you keep).
                    value = $"{Abi}CanonLift.Bytes(call.Memory, slots[{slot}].U32, slots[{slot + 1}].U32)";
                    slot += 2;
                }
                else
                {
                    value = LiftFlat(param.Type, ref slot);
                }
                writer.Line($"var {local} = {value};");
                arguments.Add(local);
            }
            var receiver = function.Resource is null ? "host" : $"host.{DotNetNames.Pascal(function.Resource.Name)}";
            var member = function.Kind == FunctionKind.Constructor ? "New" : DotNetNames.Pascal(function.Name);
            var invoke = $"{receiver}.{member}({string.Join(", ", arguments)})";
            if (function.Result is null)
            {
                writer.Line(invoke + ";");
                return;
            }
            writer.Line($"var result = {invoke};");
            var flatResults = AbiLayout.Flat(function.Result);
            if (flatResults.Count == 1 && LowerFlat(function.Result, "result") is { } flat)
            {
                writer.Line($"slots[0] = {flat};");
                return;
            }
            writer.Line($"var retptr = slots[{(spilled ? 1 : flatParams)}].U32;");
            writer.Line($"call.Memory.Check(retptr, {AbiLayout.Size(function.Result)}, {AbiLayout.Align(function.Result)});");
            writer.Line(Store(function.Result, "result", "retptr"));
        }
    }

    // ---- lifting from flat values -------------------------------------------

    private string LiftFlat(WitType type, ref int slot)
    {
        var s = $"slots[{slot}]";
        switch (TypeMapper.Resolve(type))
        {
            case PrimitiveType { Kind: Primitive.String }:
                slot += 2;
                return $"{Abi}CanonLift.String(call.Memory, {s}.U32, slots[{slot - 1}].U32)";
            case ListType l:
                slot += 2;
                return $"{ListLifter(l)}(ref call, {s}.U32, slots[{slot - 1}].U32)";
            case TupleType t:
                {
                    var parts = new List<string>();
                    foreach (var element in t.Elements)
                    {
                        parts.Add(LiftFlat(element, ref slot));
                    }
                    return t.Elements.Count == 1 ? $"new {types.Type(t)}({parts[0]})" : $"({string.Join(", ", parts)})";
                }
            case NamedType { Definition: RecordDef r } named:
                {
                    var parts = new List<string>();
                    foreach (var field in r.Fields)
                    {
                        parts.Add(LiftFlat(field.Type, ref slot));
                    }
                    return $"new {types.Type(named)}({string.Join(", ", parts)})";
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

    // ---- memory -------------------------------------------------------------

    private string Load(WitType type, string ptr)
    {
        switch (TypeMapper.Resolve(type))
        {
            case PrimitiveType { Kind: Primitive.String }:
                return $"{Abi}CanonLift.String(call.Memory, call.Memory.U32({ptr}), call.Memory.U32({ptr} + 4))";
            case ListType l:
                return $"{ListLifter(l)}(ref call, call.Memory.U32({ptr}), call.Memory.U32({ptr} + 4))";
            case TupleType or NamedType { Definition: RecordDef }:
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

    private string Store(WitType type, string value, string ptr)
    {
        switch (TypeMapper.Resolve(type))
        {
            case PrimitiveType { Kind: Primitive.String }:
                if (!_helpers.ContainsKey("StoreString"))
                {
                    _helpers["StoreString"] =
                    [
                        $"private static void StoreString(ref {Abi}CanonCall call, string value, uint ptr)",
                        "{",
                        $"    var (p, n) = {Abi}CanonLower.String(ref call, value);",
                        "    call.Memory.SetU32(ptr, p);",
                        "    call.Memory.SetU32(ptr + 4, n);",
                        "}",
                    ];
                }
                return $"StoreString(ref call, {value}, {ptr});";
            case ListType or TupleType or NamedType { Definition: RecordDef }:
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

    // The one ValRaw of a value that flattens to one core value; null for a record or tuple of one field.
    private string? LowerFlat(WitType type, string value) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType { Kind: Primitive.Bool } => $"{Abi}ValRaw.FromI32({value} ? 1 : 0)",
        PrimitiveType { Kind: Primitive.U64 or Primitive.S64 } => $"{Abi}ValRaw.FromI64((long){value})",
        PrimitiveType { Kind: Primitive.F32 } => $"{Abi}ValRaw.FromF32({value})",
        PrimitiveType { Kind: Primitive.F64 } => $"{Abi}ValRaw.FromF64({value})",
        PrimitiveType { Kind: Primitive.Char } => $"{Abi}ValRaw.FromI32({value}.Value)",
        PrimitiveType { Kind: Primitive.U8 or Primitive.U16 or Primitive.U32 } => $"{Abi}ValRaw.FromI32((int){value})",
        PrimitiveType => $"{Abi}ValRaw.FromI32({value})",
        HandleType { Kind: HandleKind.Own } h => $"{Abi}ValRaw.FromI32((int)call.Handles.AddOwn({Id(h.Resource)}, {value}.Handle))",
        NamedType { Definition: ResourceDef r } => $"{Abi}ValRaw.FromI32((int)call.Handles.AddOwn({Id(r)}, {value}.Handle))",
        NamedType { Definition: EnumDef } => $"{Abi}ValRaw.FromI32((int){value})",
        NamedType { Definition: FlagsDef f } => $"{Abi}ValRaw.FromI32((int)((uint){value} & 0x{Mask(f):x}u))",
        _ => null,
    };

    // ---- helpers per composite type (once per interface) ---------------------

    private string ListLifter(ListType list)
    {
        var name = "LiftListOf" + Key(list.Element);
        if (_helpers.ContainsKey(name))
        {
            return name;
        }
        var element = list.Element;
        var csharp = types.Type(list);
        var lines = new List<string> { $"private static {csharp} {name}(ref {Abi}CanonCall call, uint ptr, uint count)", "{" };
        _helpers[name] = lines;
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
            lines.Add($"    var items = new {types.Type(element)}[{Abi}CanonLift.Count(call.Memory, ptr, count, {size}, {AbiLayout.Align(element)})];");
            lines.Add("    for (var i = 0; i < items.Length; i++)");
            lines.Add("    {");
            lines.Add($"        items[i] = {Load(element, $"ptr + (uint)i * {size}")};");
            lines.Add("    }");
            lines.Add("    return items;");
        }
        lines.Add("}");
        return name;
    }

    private string Loader(WitType type)
    {
        var name = "Load" + Key(type);
        if (_helpers.ContainsKey(name))
        {
            return name;
        }
        var lines = new List<string> { $"private static {types.Type(type)} {name}(ref {Abi}CanonCall call, uint ptr)", "{" };
        _helpers[name] = lines;
        var fields = FieldsOf(type);
        var (offsets, _) = AbiLayout.Fields(fields);
        var parts = fields.Select((f, i) => Load(f, $"ptr + {offsets[i]}")).ToList();
        lines.Add(TypeMapper.Resolve(type) is TupleType { Elements.Count: not 1 }
            ? $"    return ({string.Join(", ", parts)});"
            : $"    return new {types.Type(type)}({string.Join(", ", parts)});");
        lines.Add("}");
        return name;
    }

    private string Storer(WitType type)
    {
        var name = "Store" + Key(type);
        if (_helpers.ContainsKey(name))
        {
            return name;
        }
        var lines = new List<string> { $"private static void {name}(ref {Abi}CanonCall call, {types.Type(type)} value, uint ptr)", "{" };
        _helpers[name] = lines;
        if (TypeMapper.Resolve(type) is ListType { Element: var element })
        {
            if (TypeMapper.IsByte(element))
            {
                lines.Add($"    var (p, n) = {Abi}CanonLower.Bytes(ref call, value);");
            }
            else if (BulkScalar(element) is { } scalar)
            {
                lines.Add($"    var (p, n) = {Abi}CanonLower.Scalars<{scalar}, {Abi}CanonCall>(ref call, global::System.Linq.Enumerable.ToArray(value));");
            }
            else
            {
                var size = AbiLayout.Size(element);
                lines.Add($"    var p = {Abi}CanonLower.Array(ref call, value.Count, {size}, {AbiLayout.Align(element)});");
                lines.Add("    for (var i = 0; i < value.Count; i++)");
                lines.Add("    {");
                lines.Add($"        {Store(element, "value[i]", $"p + (uint)i * {size}")}");
                lines.Add("    }");
                lines.Add("    var n = (uint)value.Count;");
            }
            lines.Add("    call.Memory.SetU32(ptr, p);");
            lines.Add("    call.Memory.SetU32(ptr + 4, n);");
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

    private static List<WitType> FieldsOf(WitType type) => TypeMapper.Resolve(type) switch
    {
        TupleType t => t.Elements.ToList(),
        NamedType { Definition: RecordDef r } => r.Fields.Select(f => f.Type).ToList(),
        _ => throw new NotSupportedException(type.ToString()),
    };

    private static List<string> FieldNames(WitType type) => TypeMapper.Resolve(type) switch
    {
        TupleType t => t.Elements.Select((_, i) => $"Item{i + 1}").ToList(),
        NamedType { Definition: RecordDef r } => r.Fields.Select(f => FieldName(r, f)).ToList(),
        _ => throw new NotSupportedException(type.ToString()),
    };

    // As TypeEmitter names a record's positional members.
    private static string FieldName(RecordDef record, Field field) => DotNetNames.Member(field.Name, DotNetNames.Pascal(record.Name));

    // The C# element type of a list copied in bulk (little-endian scalars of 2 bytes or more).
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

    private static string Key(WitType type) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType p => p.Kind.ToString(),
        ListType l => "ListOf" + Key(l.Element),
        TupleType t => "TupleOf" + string.Join("And", t.Elements.Select(Key)),
        HandleType h => h.Kind + DotNetNames.Pascal(h.Resource.Name),
        NamedType n => DotNetNames.Pascal(n.Definition.Name),
        var other => other.GetType().Name,
    };

    private static uint Mask(FlagsDef flags) => flags.Flags.Count >= 32 ? uint.MaxValue : (1u << flags.Flags.Count) - 1;

    private string Id(ResourceDef resource) => $"{types.Bindings}ResourceType<{types.Name(resource)}>.Id";

    private static string MethodName(Function function)
    {
        var name = function.Kind switch
        {
            FunctionKind.Constructor => DotNetNames.Pascal(function.Resource!.Name) + "New",
            FunctionKind.Freestanding => DotNetNames.Pascal(function.Name),
            _ => DotNetNames.Pascal(function.Resource!.Name) + DotNetNames.Pascal(function.Name),
        };
        return name is "Name" or "Create" || name.StartsWith("Lift", StringComparison.Ordinal) || name.StartsWith("StoreString", StringComparison.Ordinal)
            || name.StartsWith("Load", StringComparison.Ordinal) || name.StartsWith("Store", StringComparison.Ordinal) ? name + "Call" : name;
    }
}
