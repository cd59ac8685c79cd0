using Capsule.Wit.Model;

namespace Capsule.Wit.Generator;

/// <summary>
/// The C# type for a WIT type where it is used: types of <paramref name="currentNamespace"/> by their short
/// name, others (and all, when <paramref name="currentNamespace"/> is null) with <c>global::</c>, and the
/// <c>Capsule.Wit.Bindings</c> types short when <paramref name="shortBindings"/> (the file has a <c>using</c>). <c>list&lt;u8&gt;</c> is <c>byte[]</c> (a parameter's is <c>ReadOnlySpan&lt;byte&gt;</c>),
/// other lists <c>IReadOnlyList&lt;T&gt;</c>, <c>option&lt;T&gt;</c> <c>T?</c>, handles <c>Resource&lt;T&gt;</c>/<c>Borrow&lt;T&gt;</c>.
/// </summary>
internal sealed class TypeMapper(string rootNamespace, string? currentNamespace = null, bool shortBindings = false)
{
    /// <summary>The names in Capsule.Wit.Bindings, which a WIT type of the same name would hide.</summary>
    public static readonly string[] BindingNames = ["Result", "Resource", "Borrow", "Unit", "Option"];

    /// <summary>What a <c>Capsule.Wit.Bindings</c> type's name is written after: nothing, or its namespace.</summary>
    public string Bindings => shortBindings ? "" : "global::Capsule.Wit.Bindings.";

    /// <summary>The same types, every name written in full (for inside a variant, whose case names could hide them).</summary>
    public TypeMapper Qualified() => new(rootNamespace);

    /// <summary>The C# type of a function parameter: like <see cref="Type"/>, but <c>list&lt;u8&gt;</c> is a span (no copy out of guest memory).</summary>
    public string Parameter(WitType type) =>
        Resolve(type) is ListType { Element: var e } && IsByte(e) ? "global::System.ReadOnlySpan<byte>" : Type(type);

    /// <summary>The C# type of a function result, or <c>void</c>.</summary>
    public string Result(WitType? type) => type is null ? "void" : Type(type);

    /// <summary>The C# type of a WIT type in a field, payload, result or type argument.</summary>
    public string Type(WitType type) => type switch
    {
        PrimitiveType p => Primitive(p.Kind),
        ListType { Element: var e } when IsByte(e) => "byte[]",
        ListType l => $"global::System.Collections.Generic.IReadOnlyList<{Type(l.Element)}>",
        OptionType { Some: var some } when Resolve(some) is OptionType => $"{Bindings}Option<{Type(some)}>",
        OptionType o => Type(o.Some) + "?",
        ResultType r => $"{Bindings}Result<{Payload(r.Ok)}, {Payload(r.Err)}>",
        TupleType { Elements.Count: 1 } t => $"global::System.ValueTuple<{Type(t.Elements[0])}>",
        TupleType t => "(" + string.Join(", ", t.Elements.Select(Type)) + ")",
        HandleType h => $"{Bindings}{(h.Kind == HandleKind.Own ? "Resource" : "Borrow")}<{Name(h.Resource)}>",
        NamedType { Definition: AliasDef a } => Type(a.Target),
        NamedType { Definition: ResourceDef r } => $"{Bindings}Resource<{Name(r)}>",
        NamedType n => Name(n.Definition),
        _ => throw new NotSupportedException($"{Describe(type)} is not supported yet (WASI 0.3)"),
    };

    /// <summary>The fully qualified C# name of a type defined in WIT (for a resource, its marker class).</summary>
    public string Name(TypeDef definition)
    {
        var ns = DotNetNames.Namespace(rootNamespace, definition.Owner);
        var name = DotNetNames.Pascal(definition.Name);
        return ns == currentNamespace ? name : $"global::{ns}.{name}";
    }

    private string Payload(WitType? type) => type is null ? $"{Bindings}Unit" : Type(type);

    /// <summary>The type an alias stands for (through any chain of aliases).</summary>
    public static WitType Resolve(WitType type) => type is NamedType { Definition: AliasDef a } ? Resolve(a.Target) : type;

    /// <summary>True for <c>u8</c> (or an alias of it).</summary>
    public static bool IsByte(WitType type) => Resolve(type) is PrimitiveType { Kind: Model.Primitive.U8 };

    private static string Describe(WitType type) => type switch
    {
        FutureType => "future<..>",
        StreamType => "stream<..>",
        PrimitiveType p => p.Kind.ToString(),
        _ => type.GetType().Name,
    };

    private static string Primitive(Primitive kind) => kind switch
    {
        Model.Primitive.Bool => "bool",
        Model.Primitive.U8 => "byte",
        Model.Primitive.U16 => "ushort",
        Model.Primitive.U32 => "uint",
        Model.Primitive.U64 => "ulong",
        Model.Primitive.S8 => "sbyte",
        Model.Primitive.S16 => "short",
        Model.Primitive.S32 => "int",
        Model.Primitive.S64 => "long",
        Model.Primitive.F32 => "float",
        Model.Primitive.F64 => "double",
        Model.Primitive.Char => "global::System.Text.Rune",
        Model.Primitive.String => "string",
        _ => throw new NotSupportedException($"{kind} is not supported yet (WASI 0.3)"),
    };
}
