using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>
/// Writes <c>{Interface}Imports</c>: the glue between Capsule.Runtime's host functions and an implementation of
/// <c>I{Interface}</c>. <c>Create(host)</c> fills a <c>HostInterface</c> once (per linker) with every function and
/// resource; each WIT function is a private static method that lifts its arguments one per line, calls the
/// implementation and lowers the result, so a debugger steps from the native callback into the host's code.
/// </summary>
internal sealed class ImportsEmitter(TypeMapper types)
{
    // Names the generated method parameters and locals take; a WIT parameter named so gets `Value` appended.
    private static readonly string[] Reserved = ["host", "args", "results", "result"];

    public void Emit(Interface witInterface, SourceWriter writer)
    {
        var name = DotNetNames.Pascal(witInterface.Name);
        var hasHost = witInterface.Functions.Count > 0 || witInterface.Resources.Any();
        var glue = new ValueGlue(types, witInterface);
        writer.Docs(
            $"Links `{witInterface.QualifiedName}` to an implementation of <see cref=\"I{name}\"/>: "
            + $"pass <see cref=\"Create\"/>'s result to <c>HostLinker.Define</c>.",
            "");
        using (writer.Open($"public static class {name}Imports"))
        {
            writer.Line("/// <summary>The interface's name, as a guest imports it.</summary>");
            writer.Line($"public const string Name = \"{witInterface.QualifiedName}\";");
            writer.Line();
            if (!hasHost)
            {
                writer.Line("/// <summary>The interface, which has types only.</summary>");
                writer.Line("public static HostInterface Create() => new(Name);");
                return;
            }
            writer.Line("/// <summary>Every function and resource of the interface, calling the implementation <paramref name=\"host\"/> returns for the calling store.</summary>");
            writer.Line("/// <param name=\"host\">The implementation for a store (called once per host call: return a per-instance object, don't build one).</param>");
            using (writer.Open($"public static HostInterface Create(global::System.Func<ComponentStore, I{name}> host)"))
            {
                writer.Line("var imports = new HostInterface(Name);");
                foreach (var resource in witInterface.Resources)
                {
                    var marker = types.Name(resource);
                    var property = DotNetNames.Pascal(resource.Name);
                    writer.Line($"imports.Resources[\"{resource.Name}\"] = ({glue.ResourceId(resource)}, "
                        + $"(store, rep) => host(store).{property}.Drop(new {types.Bindings}Resource<{marker}>(rep)));");
                }
                foreach (var function in witInterface.Functions)
                {
                    writer.Line($"imports.Functions[\"{function.ExternName}\"] = (store, args, results) => {MethodName(function)}(host(store), args, results);");
                }
                writer.Line("return imports;");
            }
            foreach (var function in witInterface.Functions)
            {
                writer.Line();
                Function(function, $"I{name}", glue, writer);
            }
            glue.EmitHelpers(writer);
        }
    }

    private void Function(Function function, string hostType, ValueGlue glue, SourceWriter writer)
    {
        writer.Line($"// `{function.ExternName}`: lift the arguments, call the host, lower the result.");
        using (writer.Open($"private static void {MethodName(function)}({hostType} host, ValSpan args, ValSpan results)"))
        {
            var arguments = new List<string>();
            for (var i = 0; i < function.Params.Count; i++)
            {
                var param = function.Params[i];
                var local = DotNetNames.Camel(param.Name);
                local = Reserved.Contains(local) ? local + "Value" : local;
                if (TypeMapper.Resolve(param.Type) is ListType { Element: var e } && TypeMapper.IsByte(e))
                {
                    // A pooled copy, valid for this call only: the parameter is a span (documented on the interface).
                    writer.Line($"using var {local} = args[{i}].LeaseBytes();");
                    arguments.Add(local + ".Span");
                }
                else
                {
                    writer.Line($"var {local} = {glue.Lift(param.Type, $"args[{i}]")};");
                    arguments.Add(local);
                }
            }
            var receiver = function.Resource is null ? "host" : $"host.{DotNetNames.Pascal(function.Resource.Name)}";
            var member = function.Kind == FunctionKind.Constructor ? "New" : DotNetNames.Pascal(function.Name);
            var call = $"{receiver}.{member}({string.Join(", ", arguments)})";
            if (function.Result is null)
            {
                writer.Line(call + ";");
            }
            else
            {
                writer.Line($"var result = {call};");
                writer.Line(glue.Lower(function.Result, "results[0]", "result"));
            }
        }
    }

    /// <summary><c>[method]output-stream.write</c> → <c>OutputStreamWrite</c>; never a name the class already uses.</summary>
    private static string MethodName(Function function)
    {
        var name = function.Kind switch
        {
            FunctionKind.Constructor => DotNetNames.Pascal(function.Resource!.Name) + "New",
            FunctionKind.Freestanding => DotNetNames.Pascal(function.Name),
            _ => DotNetNames.Pascal(function.Resource!.Name) + DotNetNames.Pascal(function.Name),
        };
        var clashes = name is "Name" or "Create" || name.StartsWith("Lift", StringComparison.Ordinal) || name.StartsWith("Lower", StringComparison.Ordinal);
        return clashes ? name + "Call" : name;
    }
}
