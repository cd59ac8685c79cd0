using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>
/// Writes the C# for a WIT type definition: a record as a <c>sealed record</c>, an enum as an enum, flags as a
/// <c>[Flags]</c> enum, a variant as an abstract record with a sealed record per case, a resource as the
/// marker class its handles are typed by. Aliases write nothing: their uses name the target.
/// </summary>
internal sealed class TypeEmitter(SourceWriter writer, TypeMapper types)
{
    public void Emit(TypeDef definition)
    {
        switch (definition)
        {
            case RecordDef r:
                Record(r);
                break;
            case EnumDef e:
                Enum(e);
                break;
            case FlagsDef f:
                Flags(f);
                break;
            case VariantDef v:
                Variant(v);
                break;
            case ResourceDef r:
                Resource(r);
                break;
        }
    }

    private void Record(RecordDef record)
    {
        var name = DotNetNames.Pascal(record.Name);
        var fields = record.Fields
            .Select(f => (Name: DotNetNames.Member(f.Name, name), f.Type, Docs: f.Docs.Length > 0 ? f.Docs : $"WIT field `{f.Name}`."))
            .ToList();
        writer.Docs(record.Docs, $"WIT record `{record.Name}`.", fields.Select(f => (f.Name, f.Docs)).ToArray());
        var parameters = string.Join(", ", fields.Select(f => $"{types.Type(f.Type)} {f.Name}"));
        writer.Line($"public sealed record {name}({parameters});");
    }

    private void Enum(EnumDef definition)
    {
        var name = DotNetNames.Pascal(definition.Name);
        writer.Docs(definition.Docs, $"WIT enum `{definition.Name}`.");
        using (writer.Open($"public enum {name}"))
        {
            foreach (var c in definition.Cases)
            {
                writer.Docs(c.Docs, $"WIT case `{c.Name}`.");
                writer.Line($"{DotNetNames.Member(c.Name, name)},");
            }
        }
    }

    private void Flags(FlagsDef flags)
    {
        var name = DotNetNames.Pascal(flags.Name);
        writer.Docs(flags.Docs, $"WIT flags `{flags.Name}`.");
        writer.Line("[global::System.Flags]");
        using (writer.Open($"public enum {name} : uint"))
        {
            for (var bit = 0; bit < flags.Flags.Count; bit++)
            {
                writer.Docs(flags.Flags[bit].Docs, $"WIT flag `{flags.Flags[bit].Name}`.");
                writer.Line($"{DotNetNames.Member(flags.Flags[bit].Name, name)} = 1u << {bit},");
            }
        }
    }

    private void Variant(VariantDef variant)
    {
        var name = DotNetNames.Pascal(variant.Name);
        writer.Docs(variant.Docs, $"WIT variant `{variant.Name}`.");
        using (writer.Open($"public abstract record {name}"))
        {
            writer.Line("/// <summary>Only the cases below derive from it: the hierarchy is closed.</summary>");
            writer.Line($"private {name}() {{ }}");
            foreach (var c in variant.Cases)
            {
                writer.Line();
                var caseDocs = c.Docs.Length > 0 ? c.Docs : $"WIT case `{c.Name}`.";
                writer.Docs(caseDocs, "", c.Type is null ? [] : [("Value", "The case's payload.")]);
                var caseName = DotNetNames.Member(c.Name, name);
                writer.Line(c.Type is null
                    ? $"public sealed record {caseName}() : {name};"
                    : $"public sealed record {caseName}({types.Qualified().Type(c.Type)} Value) : {name};");
            }
        }
    }

    private void Resource(ResourceDef resource)
    {
        var name = DotNetNames.Pascal(resource.Name);
        writer.Docs(resource.Docs, $"WIT resource `{resource.Name}`.");
        writer.Line($"/// <remarks>A marker: handles to this resource are <c>Resource&lt;{name}&gt;</c> and <c>Borrow&lt;{name}&gt;</c> of it.</remarks>");
        using (writer.Open($"public sealed class {name}"))
        {
            writer.Line($"private {name}() {{ }}");
        }
    }
}
