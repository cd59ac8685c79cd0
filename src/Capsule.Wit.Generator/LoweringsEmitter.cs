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
    private const string Abi = AbiValues.Abi;
    private static readonly string[] Reserved = ["call", "slots", "host", "result", "retptr", "args"];
    private readonly AbiValues _values = new(types);

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
                writer.Line($"// Not lowered yet (a fixed-length list, flags of more than 32 members or a WASI 0.3 type): {skipped.ExternName}");
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
                    writer.Line($"lowered.Resources[\"{resource.Name}\"] = new(\"{resource.Name}\", {_values.Id(resource)}, "
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
            _values.WriteHelpers(writer);
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
                        : _values.Load(param.Type, $"args + {layout.Offsets[i]}");
                }
                else if (isBytes)
                {
                    // A span over guest memory for this call only (the interface's parameter docs say: copy what you keep).
                    value = $"{Abi}CanonLift.Bytes(call.Memory, slots[{slot}].U32, slots[{slot + 1}].U32)";
                    slot += 2;
                }
                else
                {
                    value = _values.LiftFlat(param.Type, "slots", ref slot);
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
            if (flatResults.Count == 1)
            {
                foreach (var line in _values.LowerFlatInto(function.Result, "result", "slots", 0))
                {
                    writer.Line(line);
                }
                return;
            }
            writer.Line($"var retptr = slots[{(spilled ? 1 : flatParams)}].U32;");
            writer.Line($"call.Memory.Check(retptr, {AbiLayout.Size(function.Result)}, {AbiLayout.Align(function.Result)});");
            writer.Line(_values.Store(function.Result, "result", "retptr"));
        }
    }

    private static string MethodName(Function function)
    {
        var name = function.Kind switch
        {
            FunctionKind.Constructor => DotNetNames.Pascal(function.Resource!.Name) + "New",
            FunctionKind.Freestanding => DotNetNames.Pascal(function.Name),
            _ => DotNetNames.Pascal(function.Resource!.Name) + DotNetNames.Pascal(function.Name),
        };
        return name is "Name" or "Create" || name.StartsWith("Lift", StringComparison.Ordinal) || name.StartsWith("Lower", StringComparison.Ordinal) || name is "SetPair" or "StorePair"
            || name.StartsWith("Load", StringComparison.Ordinal) || name.StartsWith("Store", StringComparison.Ordinal) ? name + "Call" : name;
    }
}
