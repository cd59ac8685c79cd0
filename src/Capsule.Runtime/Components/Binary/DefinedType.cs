namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// A component type definition (<c>deftype</c>): a value type, function, component, instance or
/// resource type. Type indices inside refer to the type index space of the scope it was read in.
/// </summary>
public abstract record DefinedType
{
    private DefinedType()
    {
    }

    /// <summary>A primitive used as a defined type.</summary>
    public sealed record Primitive(PrimitiveType Type) : DefinedType;

    /// <summary>record.</summary>
    public sealed record Record(IReadOnlyList<LabeledType> Fields) : DefinedType;

    /// <summary>variant.</summary>
    public sealed record Variant(IReadOnlyList<VariantCase> Cases) : DefinedType;

    /// <summary>list, or a fixed-length list when <paramref name="FixedLength"/> is set.</summary>
    public sealed record List(ValType Element, uint? FixedLength) : DefinedType;

    /// <summary>tuple.</summary>
    public sealed record Tuple(IReadOnlyList<ValType> Types) : DefinedType;

    /// <summary>flags (at most 32).</summary>
    public sealed record Flags(IReadOnlyList<string> Names) : DefinedType;

    /// <summary>enum.</summary>
    public sealed record Enum(IReadOnlyList<string> Names) : DefinedType;

    /// <summary>option.</summary>
    public sealed record Option(ValType Type) : DefinedType;

    /// <summary>result, with optional ok and error payloads.</summary>
    public sealed record Result(ValType? Ok, ValType? Error) : DefinedType;

    /// <summary>own of a resource type.</summary>
    public sealed record Own(uint ResourceType) : DefinedType;

    /// <summary>borrow of a resource type.</summary>
    public sealed record Borrow(uint ResourceType) : DefinedType;

    /// <summary>stream (WASI 0.3; read, not run).</summary>
    public sealed record Stream(ValType? Element) : DefinedType;

    /// <summary>future (WASI 0.3; read, not run).</summary>
    public sealed record Future(ValType? Element) : DefinedType;

    /// <summary>map.</summary>
    public sealed record Map(ValType Key, ValType Value) : DefinedType;

    /// <summary>A function type; <paramref name="Async"/> for <c>func async</c>.</summary>
    public sealed record Func(IReadOnlyList<LabeledType> Params, ValType? ResultType, bool Async) : DefinedType;

    /// <summary>A component type: its declarations, in their own type scope.</summary>
    public sealed record Component(IReadOnlyList<TypeDeclaration> Declarations) : DefinedType;

    /// <summary>An instance type: its declarations, in their own type scope.</summary>
    public sealed record Instance(IReadOnlyList<TypeDeclaration> Declarations) : DefinedType;

    /// <summary>A resource type defined by this component: representation and optional destructor (core func index).</summary>
    public sealed record Resource(CoreValueType Representation, uint? Destructor) : DefinedType;
}
