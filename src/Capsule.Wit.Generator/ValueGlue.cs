using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>
/// The lift (a <c>ValRef</c> to C#) and lower (C# into a <c>ValRef</c>) of WIT values, as C# text for an Imports
/// class. Scalars, handles, <c>list&lt;u8&gt;</c>, enums and flags are one expression; records, variants, options,
/// results, tuples and lists get a private static method each (<c>LiftDatetime</c>, <c>LowerResultOfUnitAndStreamError</c>),
/// written by <see cref="ValueHelpers"/> once per type the interface needs. Names of cases, flags and fields are
/// <c>ValNames</c> in static fields, so no call builds a string.
/// </summary>
internal sealed class ValueGlue(TypeMapper types, Interface witInterface)
{
    private readonly Dictionary<string, string> _keyBySignature = [];
    private readonly HashSet<string> _keys = [];
    private readonly List<(string Key, WitType Type, bool Lift)> _pending = [];
    private readonly HashSet<(string Key, bool Lift)> _requested = [];
    private readonly List<(string Field, TypeDef Definition, IReadOnlyList<string> Names)> _names = [];

    public TypeMapper Types => types;

    /// <summary>The C# expression that reads a value of <paramref name="type"/> from the ValRef <paramref name="source"/>.</summary>
    public string Lift(WitType type, string source) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType p => $"{source}.{p.Kind}",
        HandleType h => $"new {types.Type(h)}({source}.Resource.Rep)",
        NamedType { Definition: ResourceDef } n => $"new {types.Type(n)}({source}.Resource.Rep)",
        ListType { Element: var e } when TypeMapper.IsByte(e) => $"{source}.ToBytes()",
        NamedType { Definition: EnumDef e } => $"({types.Name(e)}){source}.EnumIndex({NamesOf(e)})",
        NamedType { Definition: FlagsDef f } => $"({types.Name(f)}){source}.FlagBits({NamesOf(f)})",
        var other => $"Lift{Require(other, lift: true)}({source})",
    };

    /// <summary>The C# statement that writes <paramref name="value"/>, of <paramref name="type"/>, into the ValRef <paramref name="target"/>.</summary>
    public string Lower(WitType type, string target, string value) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType p => $"{target}.Set{p.Kind}({value});",
        HandleType { Kind: HandleKind.Borrow } h => $"{target}.SetResource({ResourceId(h.Resource)}, {value}.Handle, owned: false);",
        HandleType h => $"{target}.SetResource({ResourceId(h.Resource)}, {value}.Handle);",
        NamedType { Definition: ResourceDef r } => $"{target}.SetResource({ResourceId(r)}, {value}.Handle);",
        ListType { Element: var e } when TypeMapper.IsByte(e) => $"{target}.SetBytes({value});",
        NamedType { Definition: EnumDef e } => $"{target}.SetEnum({NamesOf(e)}, (int){value});",
        NamedType { Definition: FlagsDef f } => $"{target}.SetFlags({NamesOf(f)}, (uint){value});",
        var other => $"Lower{Require(other, lift: false)}({target}, {value});",
    };

    /// <summary><c>ResourceType&lt;Marker&gt;.Id</c> of <paramref name="resource"/>.</summary>
    public string ResourceId(ResourceDef resource) => $"{types.Bindings}ResourceType<{types.Name(resource)}>.Id";

    /// <summary>The static field holding the case, flag or field names of <paramref name="definition"/>.</summary>
    public string NamesOf(TypeDef definition)
    {
        var key = Key(new NamedType(definition));
        var suffix = definition switch
        {
            RecordDef => "Fields",
            FlagsDef => "Flags",
            _ => "Cases",
        };
        var field = key + suffix;
        if (!_names.Any(n => n.Field == field))
        {
            IReadOnlyList<string> names = definition switch
            {
                RecordDef r => [.. r.Fields.Select(f => f.Name)],
                FlagsDef f => [.. f.Flags.Select(x => x.Name)],
                EnumDef e => [.. e.Cases.Select(c => c.Name)],
                VariantDef v => [.. v.Cases.Select(c => c.Name)],
                _ => [],
            };
            _names.Add((field, definition, names));
        }
        return field;
    }

    /// <summary>Writes every helper method asked for so far (and those they ask for), then the name fields.</summary>
    public void EmitHelpers(SourceWriter writer)
    {
        var helpers = new ValueHelpers(this, writer);
        for (var i = 0; i < _pending.Count; i++)
        {
            var (key, type, lift) = _pending[i];
            writer.Line();
            if (lift)
            {
                helpers.Lift(key, type);
            }
            else
            {
                helpers.Lower(key, type);
            }
        }
        foreach (var (field, definition, names) in _names)
        {
            writer.Line();
            writer.Line($"// The WIT names of `{definition.Name}`, in WIT order.");
            var quoted = string.Join(", ", names.Select(n => "\"" + n + "\""));
            writer.Line($"private static readonly ValNames {field} = new({quoted});");
        }
    }

    private string Require(WitType type, bool lift)
    {
        var key = Key(type);
        if (_requested.Add((key, lift)))
        {
            _pending.Add((key, type, lift));
        }
        return key;
    }

    /// <summary>A method-name part for <paramref name="type"/>, unique within the interface's glue.</summary>
    private string Key(WitType type)
    {
        type = TypeMapper.Resolve(type);
        var signature = Signature(type);
        if (_keyBySignature.TryGetValue(signature, out var known))
        {
            return known;
        }
        var key = Readable(type);
        for (var n = 2; !_keys.Add(key); n++)
        {
            key = Readable(type) + n;
        }
        _keyBySignature[signature] = key;
        return key;
    }

    private string Readable(WitType type) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType p => p.Kind.ToString(),
        ListType l => "ListOf" + Readable(l.Element),
        OptionType o => "OptionOf" + Readable(o.Some),
        ResultType r => $"ResultOf{(r.Ok is null ? "Unit" : Readable(r.Ok))}And{(r.Err is null ? "Unit" : Readable(r.Err))}",
        TupleType t => "TupleOf" + string.Join("And", t.Elements.Select(Readable)),
        HandleType h => (h.Kind == HandleKind.Own ? "Own" : "Borrow") + DefinitionName(h.Resource),
        NamedType n => DefinitionName(n.Definition),
        _ => "Value",
    };

    // A type of this interface by its name; one from another interface with that interface's name first.
    private string DefinitionName(TypeDef definition)
    {
        var local = definition.Owner.Interface == witInterface.Name && definition.Owner.Package == witInterface.Package;
        return (local ? "" : DotNetNames.Pascal(definition.Owner.Interface ?? definition.Owner.World ?? "")) + DotNetNames.Pascal(definition.Name);
    }

    private static string Signature(WitType type) => TypeMapper.Resolve(type) switch
    {
        PrimitiveType p => p.Kind.ToString(),
        ListType l => $"list<{Signature(l.Element)}>",
        OptionType o => $"option<{Signature(o.Some)}>",
        ResultType r => $"result<{(r.Ok is null ? "_" : Signature(r.Ok))},{(r.Err is null ? "_" : Signature(r.Err))}>",
        TupleType t => $"tuple<{string.Join(",", t.Elements.Select(Signature))}>",
        HandleType h => $"{h.Kind}<{h.Resource.Owner}.{h.Resource.Name}>",
        NamedType n => $"{n.Definition.Owner}.{n.Definition.Name}",
        var other => other.ToString(),
    };
}
