using Capsule.Wit.Model;
using Capsule.Wit.Syntax;

namespace Capsule.Wit.Resolution;

/// <summary>
/// The names visible inside one interface or world: types it defines, types it <c>use</c>s, and its
/// functions (which share the namespace). Defines types on first need, so order does not matter,
/// and reports a type that contains itself.
/// </summary>
internal sealed class TypeScope(TypeOwner owner, string where)
{
    private readonly Dictionary<string, Entry> _names = [];
    private readonly Dictionary<TypeDefSyntax, TypeDef> _defined = new(ReferenceComparer<TypeDefSyntax>.Instance);
    private readonly HashSet<TypeDefSyntax> _defining = new(ReferenceComparer<TypeDefSyntax>.Instance);

    /// <summary>E.g. "interface `wasi:io/streams@0.2.12`", for messages.</summary>
    public string Where { get; } = where;

    public void AddLocal(TypeDefSyntax syntax) => Claim(syntax.Name, new Entry(syntax.Spot, syntax, null));

    public void AddUsed(string name, TypeDef definition, SourceSpot spot) => Claim(name, new Entry(spot, null, definition));

    public void AddFunction(string name, SourceSpot spot) => Claim(name, new Entry(spot, null, null));

    /// <summary>The definition of a type written here.</summary>
    public TypeDef Define(TypeDefSyntax syntax)
    {
        if (_defined.TryGetValue(syntax, out var done))
        {
            return done;
        }
        if (!_defining.Add(syntax))
        {
            throw syntax.Spot.Error($"type `{syntax.Name}` contains itself");
        }
        TypeDef definition = syntax switch
        {
            RecordSyntax r => new RecordDef(r.Name, owner, r.Docs, r.Gate, Unique(r.Fields, "field", syntax)
                .Select(f => new Field(f.Name, Resolve(f.Type!), f.Docs)).ToValueList()),
            VariantSyntax v => new VariantDef(v.Name, owner, v.Docs, v.Gate, Unique(v.Cases, "case", syntax)
                .Select(c => new Case(c.Name, c.Type is null ? null : Resolve(c.Type), c.Docs)).ToValueList()),
            EnumSyntax e => new EnumDef(e.Name, owner, e.Docs, e.Gate, Unique(e.Cases, "case", syntax)
                .Select(c => new EnumCase(c.Name, c.Docs)).ToValueList()),
            FlagsSyntax f => new FlagsDef(f.Name, owner, f.Docs, f.Gate, Unique(f.Flags, "flag", syntax)
                .Select(c => new Flag(c.Name, c.Docs)).ToValueList()),
            AliasSyntax a => new AliasDef(a.Name, owner, a.Docs, a.Gate, Resolve(a.Target)),
            ResourceSyntax r => new ResourceDef(r.Name, owner, r.Docs, r.Gate),
            _ => throw new InvalidOperationException(syntax.GetType().Name),
        };
        _defining.Remove(syntax);
        _defined.Add(syntax, definition);
        return definition;
    }

    /// <summary>The type a piece of syntax names, with every name resolved to its definition.</summary>
    public WitType Resolve(TypeSyntax syntax) => syntax switch
    {
        PrimitiveSyntax p => new PrimitiveType(p.Kind),
        NamedSyntax n => Named(Lookup(n.Name, n.Spot)),
        HandleSyntax h => new HandleType(h.Kind, LookupResource(h.Name, h.Spot)),
        ListSyntax l => new ListType(Resolve(l.Element), l.Length),
        OptionSyntax o => new OptionType(Resolve(o.Some)),
        ResultSyntax r => new ResultType(r.Ok is null ? null : Resolve(r.Ok), r.Err is null ? null : Resolve(r.Err)),
        TupleSyntax t => new TupleType(t.Elements.Select(Resolve).ToValueList()),
        FutureSyntax f => new FutureType(f.Payload is null ? null : Resolve(f.Payload)),
        StreamSyntax s => new StreamType(s.Payload is null ? null : Resolve(s.Payload)),
        _ => throw new InvalidOperationException(syntax.GetType().Name),
    };

    /// <summary>A resource's bare name is an owned handle to it.</summary>
    private static WitType Named(TypeDef definition) =>
        definition is ResourceDef resource ? new HandleType(HandleKind.Own, resource) : new NamedType(definition);

    /// <summary>The resource named <paramref name="name"/>, seen through aliases.</summary>
    public ResourceDef LookupResource(string name, SourceSpot spot)
    {
        var definition = Lookup(name, spot);
        while (definition is AliasDef alias)
        {
            definition = alias.Target switch
            {
                NamedType named => named.Definition,
                HandleType { Kind: HandleKind.Own } handle => handle.Resource,
                _ => definition,
            };
            if (definition == alias)
            {
                break;
            }
        }
        return definition as ResourceDef
            ?? throw spot.Error($"`{name}` is not a resource: `own<..>` and `borrow<..>` take a resource");
    }

    private TypeDef Lookup(string name, SourceSpot spot)
    {
        if (!_names.TryGetValue(name, out var entry))
        {
            throw spot.Error($"type `{name}` is not defined in {Where}: expected a type defined there or named in a `use`");
        }
        return entry switch
        {
            { Local: not null } => Define(entry.Local),
            { Used: not null } => entry.Used,
            _ => throw spot.Error($"`{name}` is a function in {Where}, not a type"),
        };
    }

    private void Claim(string name, Entry entry)
    {
        if (_names.TryGetValue(name, out var first))
        {
            throw entry.Spot.Error($"`{name}` is defined twice in {Where} (first at line {first.Spot.Line}, column {first.Spot.Column})");
        }
        _names.Add(name, entry);
    }

    /// <summary>Checks the members are named once each and are there at all (the component model has no empty record, variant, enum or flags).</summary>
    private static IReadOnlyList<MemberSyntax> Unique(IReadOnlyList<MemberSyntax> members, string what, TypeDefSyntax owner)
    {
        if (members.Count == 0)
        {
            throw owner.Spot.Error($"`{owner.Name}` has no {what}: expected at least one");
        }
        if (what == "flag" && members.Count > 32)
        {
            throw members[32].Spot.Error($"`{owner.Name}` has {members.Count} flags: at most 32 are allowed");
        }
        var seen = new HashSet<string>();
        foreach (var member in members)
        {
            if (!seen.Add(member.Name))
            {
                throw member.Spot.Error($"{what} `{member.Name}` is written twice");
            }
        }
        return members;
    }

    /// <summary>A name: a local type (resolved on need), a used type, or a function (neither set).</summary>
    private sealed record Entry(SourceSpot Spot, TypeDefSyntax? Local, TypeDef? Used);
}
