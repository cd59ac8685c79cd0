using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>
/// Writes <c>{Interface}Exports</c>: a typed caller of the interface's functions as a guest exports them (the
/// component layer's export side). Each method lowers its .NET arguments into the guest (flat, or through the
/// guest's realloc into one block when they flatten to more than 16 values), calls the lifted export
/// (<c>LiftedExport.Begin</c>, <c>LiftedCall.Invoke</c>), lifts the result (flat, or from the pointer the guest
/// returns, checked), then runs post-return (<c>LiftedCall.Finish</c>). Resource methods (guest resources) and
/// functions with a type not lowered yet are left out, listed in a comment.
/// </summary>
internal sealed class ExportsEmitter(TypeMapper types)
{
    private const string Abi = AbiValues.Abi;
    private static readonly string[] Reserved = ["call", "slots", "args", "result", "ptr", "lookup"];
    private readonly AbiValues _values = new(types);

    /// <summary>True when the interface has functions a guest can export that this emitter writes a caller for.</summary>
    public static bool HasExports(Interface witInterface) => witInterface.FreestandingFunctions.Any();

    public void Emit(Interface witInterface, SourceWriter writer)
    {
        var name = DotNetNames.Pascal(witInterface.Name);
        var functions = witInterface.FreestandingFunctions.Where(Callable).ToList();
        writer.Docs($"`{witInterface.QualifiedName}` as a guest exports it: typed calls into one instance through the component layer (off by default).", "");
        using (writer.Open($"public sealed class {name}Exports"))
        {
            writer.Line("/// <summary>The interface's name, as a guest exports it.</summary>");
            writer.Line($"public const string Name = \"{witInterface.QualifiedName}\";");
            writer.Line();
            foreach (var skipped in witInterface.FreestandingFunctions.Except(functions))
            {
                writer.Line($"// Not callable yet (a fixed-length list, flags of more than 32 members, a nested borrow or a WASI 0.3 type): {skipped.Name}");
            }
            foreach (var function in functions)
            {
                writer.Line($"/// <summary>The core type of `{function.Name}` as the guest exports it.</summary>");
                writer.Line($"public static readonly {Abi}CoreFuncType {Field(function)}CoreType = {Abi}CoreFuncType.ForLift({CoreTypes(FlatParams(function))}, {CoreTypes(FlatResults(function))});");
                writer.Line();
                writer.Line($"private readonly {Abi}LiftedExport {Slot(function)};");
                writer.Line();
            }
            writer.Line("/// <summary>Finds every function of the interface in one instance; throws when the instance lacks one.</summary>");
            writer.Line("/// <param name=\"lookup\">The instance's lifted exports by name (<c>{interface}#{function}</c>) and core type.</param>");
            using (writer.Open($"public {name}Exports({Abi}LiftedExportLookup lookup)"))
            {
                foreach (var function in functions)
                {
                    var key = $"{witInterface.QualifiedName}#{function.Name}";
                    writer.Line($"{Slot(function)} = lookup(\"{key}\", {Field(function)}CoreType)");
                    writer.Line($"    ?? throw new global::System.InvalidOperationException(\"the instance does not export `{key}`\");");
                }
            }
            foreach (var function in functions)
            {
                writer.Line();
                Method(function, writer);
            }
            _values.WriteHelpers(writer);
        }
    }

    // Borrows are lowered only as top-level parameters (a borrow in a list or record would need the call's borrow
    // scope inside the shared helpers); results never hold borrows.
    private static bool Callable(Function function) =>
        function.Params.All(p => AbiLayout.Supported(p.Type) && (IsBorrow(p.Type) || !HasBorrow(p.Type)))
        && (function.Result is null || (AbiLayout.Supported(function.Result) && !HasBorrow(function.Result)));

    private static bool IsBorrow(WitType type) => TypeMapper.Resolve(type) is HandleType { Kind: HandleKind.Borrow };

    private static bool HasBorrow(WitType type) => TypeMapper.Resolve(type) switch
    {
        HandleType { Kind: HandleKind.Borrow } => true,
        ListType l => HasBorrow(l.Element),
        TupleType t => t.Elements.Any(HasBorrow),
        OptionType o => HasBorrow(o.Some),
        ResultType r => (r.Ok is { } ok && HasBorrow(ok)) || (r.Err is { } err && HasBorrow(err)),
        NamedType { Definition: RecordDef r } => r.Fields.Any(f => HasBorrow(f.Type)),
        NamedType { Definition: VariantDef v } => v.Cases.Any(c => c.Type is { } t && HasBorrow(t)),
        _ => false,
    };

    private static List<string> FlatParams(Function function) => function.Params.SelectMany(p => AbiLayout.Flat(p.Type)).ToList();

    private static List<string> FlatResults(Function function) => function.Result is null ? [] : AbiLayout.Flat(function.Result);

    private static string CoreTypes(List<string> flat) =>
        flat.Count == 0 ? "[]" : "[" + string.Join(", ", flat.Select(f => $"{Abi}CoreValType.{f}")) + "]";

    private static string Field(Function function) => DotNetNames.Pascal(function.Name);

    private static string Slot(Function function) => "_" + DotNetNames.Camel(function.Name).TrimStart('@');

    // Pascal case, unless that names the class's constant or a member of object (`get-type` is GetTypeCall).
    private static string MethodName(Function function) => DotNetNames.Pascal(function.Name) is var name
        && name is "Name" or "GetType" or "ToString" or "Equals" or "GetHashCode" or "MemberwiseClone" or "Finalize" ? name + "Call" : name;

    private void Method(Function function, SourceWriter writer)
    {
        var docs = function.Docs.Length > 0 ? function.Docs + "\n\n" : "";
        var locals = function.Params.Select(p => Local(p.Name)).ToList();
        writer.Docs(docs + $"Calls the guest's `{function.Name}`. A trap (in the guest, or a result it got wrong) throws `CanonTrapException`.", "",
            function.Params.Select((p, i) => (locals[i], $"WIT parameter `{p.Name}`.")).ToArray());
        if (function.Result is not null)
        {
            writer.Line("/// <returns>The WIT result.</returns>");
        }
        var parameters = string.Join(", ", function.Params.Select((p, i) => $"{types.Type(p.Type)} {locals[i]}"));
        using (writer.Open($"public {types.Result(function.Result)} {MethodName(function)}({parameters})"))
        {
            var flatParams = FlatParams(function).Count;
            var flatResults = FlatResults(function).Count;
            var spilled = flatParams > 16;
            var slots = Math.Max(Math.Max(spilled ? 1 : flatParams, Math.Min(flatResults, 1)), 1);
            writer.Line($"var call = {Slot(function)}.Begin();");
            writer.Line($"global::System.Span<{Abi}ValRaw> slots = stackalloc {Abi}ValRaw[{slots}];");
            if (spilled)
            {
                var layout = AbiLayout.Fields(function.Params.Select(p => p.Type).ToList());
                var align = function.Params.Max(p => AbiLayout.Align(p.Type));
                writer.Line($"var args = {Abi}CanonLower.Array(ref call, 1, {layout.Size}, {align});");
                for (var i = 0; i < function.Params.Count; i++)
                {
                    writer.Line(_values.Store(function.Params[i].Type, locals[i], $"args + {layout.Offsets[i]}"));
                }
                writer.Line($"slots[0] = {Abi}ValRaw.FromI32((int)args);");
            }
            else
            {
                var slot = 0;
                for (var i = 0; i < function.Params.Count; i++)
                {
                    foreach (var line in _values.LowerFlatInto(function.Params[i].Type, locals[i], "slots", slot))
                    {
                        writer.Line(line);
                    }
                    slot += AbiLayout.Flat(function.Params[i].Type).Count;
                }
            }
            writer.Line("call.Invoke(slots);");
            if (function.Result is null)
            {
                writer.Line($"call.Finish(slots[..0]);");
                return;
            }
            if (flatResults == 1)
            {
                var slot = 0;
                writer.Line($"var result = {_values.LiftFlat(function.Result, "slots", ref slot)};");
            }
            else
            {
                writer.Line("var ptr = slots[0].U32;");
                writer.Line($"call.Memory.Check(ptr, {AbiLayout.Size(function.Result)}, {AbiLayout.Align(function.Result)});");
                writer.Line($"var result = {_values.Load(function.Result, "ptr")};");
            }
            writer.Line("call.Finish(slots[..1]);");
            writer.Line("return result;");
        }
    }

    private static string Local(string name)
    {
        var local = DotNetNames.Camel(name);
        return Reserved.Contains(local) ? local + "Value" : local;
    }
}
