using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>
/// Writes the private static lift and lower methods of <see cref="ValueGlue"/>: one per record, variant, option,
/// result, tuple and list type an interface's functions need, each a plain loop or switch over <c>ValRef</c>.
/// </summary>
internal sealed class ValueHelpers(ValueGlue glue, SourceWriter writer)
{
    private TypeMapper Types => glue.Types;

    public void Lift(string key, WitType type)
    {
        var cs = Types.Type(type);
        var header = $"private static {cs} Lift{key}(ValRef source)";
        switch (TypeMapper.Resolve(type))
        {
            case NamedType { Definition: RecordDef r }:
                var fields = r.Fields.Select((f, i) => glue.Lift(f.Type, $"source.Field({i})")).ToList();
                writer.Line($"{header} => new {cs}(");
                for (var i = 0; i < fields.Count; i++)
                {
                    writer.Line($"    {fields[i]}{(i == fields.Count - 1 ? ");" : ",")}");
                }
                if (fields.Count == 0)
                {
                    writer.Line("    );");
                }
                break;
            case NamedType { Definition: VariantDef v }:
                writer.Line($"{header} => source.VariantIndex({glue.NamesOf(v)}) switch");
                writer.Line("{");
                for (var i = 0; i < v.Cases.Count; i++)
                {
                    var payload = v.Cases[i].Type is { } t ? glue.Lift(t, "source.VariantPayload") : "";
                    writer.Line($"    {i} => new {CaseType(v, v.Cases[i])}({payload}),");
                }
                writer.Line($"    var unknown => throw new global::System.InvalidOperationException($\"no case {{unknown}} in `{v.Name}`\"),");
                writer.Line("};");
                break;
            case OptionType { Some: var some } when TypeMapper.Resolve(some) is OptionType:
                writer.Line($"{header} => source.TryGetSome(out var some)");
                writer.Line($"    ? {cs}.Some({glue.Lift(some, "some")})");
                writer.Line($"    : {cs}.None;");
                break;
            case OptionType { Some: var some }:
                writer.Line($"{header} => source.TryGetSome(out var some) ? {glue.Lift(some, "some")} : null;");
                break;
            case ResultType result:
                writer.Line($"{header} => source.IsOk(out var payload, out _)");
                writer.Line($"    ? {cs}.Ok({(result.Ok is { } ok ? glue.Lift(ok, "payload") : "default")})");
                writer.Line($"    : {cs}.Err({(result.Err is { } err ? glue.Lift(err, "payload") : "default")});");
                break;
            case TupleType { Elements.Count: 1 } tuple:
                writer.Line($"{header} => new {cs}({glue.Lift(tuple.Elements[0], "source.Item(0)")});");
                break;
            case TupleType tuple:
                var items = tuple.Elements.Select((e, i) => glue.Lift(e, $"source.Item({i})"));
                writer.Line($"{header} => ({string.Join(", ", items)});");
                break;
            case ListType list:
                using (writer.Open(header))
                {
                    writer.Line($"var items = new {ArrayOf(Types.Type(list.Element))};");
                    using (writer.Open("for (var i = 0; i < items.Length; i++)"))
                    {
                        writer.Line($"items[i] = {glue.Lift(list.Element, "source.Item(i)")};");
                    }
                    writer.Line("return items;");
                }
                break;
            default:
                throw new NotSupportedException($"lifting {type} is not supported yet");
        }
    }

    public void Lower(string key, WitType type)
    {
        using var body = writer.Open($"private static void Lower{key}(ValRef target, {Types.Type(type)} value)");
        switch (TypeMapper.Resolve(type))
        {
            case NamedType { Definition: RecordDef r }:
                writer.Line($"target.SetRecord({glue.NamesOf(r)});");
                var recordName = DotNetNames.Pascal(r.Name);
                for (var i = 0; i < r.Fields.Count; i++)
                {
                    writer.Line(glue.Lower(r.Fields[i].Type, $"target.Field({i})", $"value.{DotNetNames.Member(r.Fields[i].Name, recordName)}"));
                }
                break;
            case NamedType { Definition: VariantDef v }:
                using (writer.Open("switch (value)"))
                {
                    for (var i = 0; i < v.Cases.Count; i++)
                    {
                        var c = v.Cases[i];
                        writer.Line(c.Type is null ? $"case {CaseType(v, c)}:" : $"case {CaseType(v, c)} payload:");
                        writer.Line(c.Type is { } t
                            ? "    " + glue.Lower(t, $"target.SetVariant({glue.NamesOf(v)}, {i}, hasPayload: true)", "payload.Value")
                            : $"    target.SetVariant({glue.NamesOf(v)}, {i}, hasPayload: false);");
                        writer.Line("    break;");
                    }
                    writer.Line("default:");
                    writer.Line($"    throw new global::System.ArgumentException($\"not a case of `{v.Name}`: {{value}}\", nameof(value));");
                }
                break;
            case OptionType { Some: var some } when TypeMapper.Resolve(some) is OptionType:
                NoneWhen("!value.HasValue");
                writer.Line(glue.Lower(some, "target.SetSome()", "value.Value"));
                break;
            case OptionType { Some: var some }:
                NoneWhen("value is not { } some");
                writer.Line(glue.Lower(some, "target.SetSome()", "some"));
                break;
            case ResultType result:
                using (writer.Open("if (value.IsOk)"))
                {
                    writer.Line(result.Ok is { } ok
                        ? glue.Lower(ok, "target.SetResult(ok: true, hasPayload: true)", "value.Value")
                        : "target.SetResult(ok: true, hasPayload: false);");
                }
                using (writer.Open("else"))
                {
                    writer.Line(result.Err is { } err
                        ? glue.Lower(err, "target.SetResult(ok: false, hasPayload: true)", "value.Error")
                        : "target.SetResult(ok: false, hasPayload: false);");
                }
                break;
            case TupleType tuple:
                writer.Line($"target.SetTuple({tuple.Elements.Count});");
                for (var i = 0; i < tuple.Elements.Count; i++)
                {
                    writer.Line(glue.Lower(tuple.Elements[i], $"target.Item({i})", $"value.Item{i + 1}"));
                }
                break;
            case ListType list:
                writer.Line("target.SetList(value.Count);");
                using (writer.Open("for (var i = 0; i < value.Count; i++)"))
                {
                    writer.Line(glue.Lower(list.Element, "target.Item(i)", "value[i]"));
                }
                break;
            default:
                throw new NotSupportedException($"lowering {type} is not supported yet");
        }
    }

    private void NoneWhen(string condition)
    {
        using (writer.Open($"if ({condition})"))
        {
            writer.Line("target.SetNone();");
            writer.Line("return;");
        }
    }

    private string CaseType(VariantDef variant, Case c) =>
        $"{Types.Name(variant)}.{DotNetNames.Member(c.Name, DotNetNames.Pascal(variant.Name))}";

    // `T[count]` for an element type T, with the brackets where C# wants them (`int[][count]` is `int[source.Count][]`).
    private static string ArrayOf(string element)
    {
        var rank = element.EndsWith("[]", StringComparison.Ordinal) ? element.Substring(element.IndexOf('[')) : "";
        var core = rank.Length == 0 ? element : element.Substring(0, element.IndexOf('['));
        return $"{core}[source.Count]{rank}";
    }
}
