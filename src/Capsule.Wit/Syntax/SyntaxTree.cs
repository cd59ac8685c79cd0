using Capsule.Wit.Model;

namespace Capsule.Wit.Syntax;

// The parsed form of a WIT file, before names are resolved. Every node that a
// resolution error may point at keeps its SourceSpot.

/// <summary>One .wit file: its optional <c>package</c> line, its items, and nested <c>package x:y { }</c> blocks.</summary>
internal sealed record FileSyntax(string Path, PackageDeclSyntax? Package, PackageBodySyntax Body, IReadOnlyList<NestedPackageSyntax> Nested);

internal sealed record PackageDeclSyntax(PackageName Name, string Docs, SourceSpot Spot);

internal sealed record NestedPackageSyntax(PackageDeclSyntax Package, PackageBodySyntax Body);

/// <summary>The items of a file or nested package block; <see cref="Uses"/> are file-level <c>use path as name;</c>.</summary>
internal sealed record PackageBodySyntax(string File, IReadOnlyList<TopUseSyntax> Uses, IReadOnlyList<InterfaceSyntax> Interfaces, IReadOnlyList<WorldSyntax> Worlds);

/// <summary>A path to an interface or world: a local name, or <c>ns:pkg/name@version</c>.</summary>
internal sealed record UsePathSyntax(PackageName? Package, string Name, SourceSpot Spot)
{
    public override string ToString() => Package is null ? Name : Package.Qualify(Name);
}

internal sealed record TopUseSyntax(UsePathSyntax Path, string? Alias, SourceSpot Spot)
{
    public string LocalName => Alias ?? Path.Name;
}

internal sealed record InterfaceSyntax(string Name, string Docs, Gate Gate, IReadOnlyList<InterfaceItemSyntax> Items, SourceSpot Spot);

internal abstract record InterfaceItemSyntax(string Docs, Gate Gate, SourceSpot Spot);

internal sealed record UseNameSyntax(string Name, string? Alias, SourceSpot Spot)
{
    public string LocalName => Alias ?? Name;
}

internal sealed record UseSyntax(UsePathSyntax From, IReadOnlyList<UseNameSyntax> Names, string Docs, Gate Gate, SourceSpot Spot)
    : InterfaceItemSyntax(Docs, Gate, Spot);

internal sealed record FuncSyntax(string Name, FuncTypeSyntax Type, string Docs, Gate Gate, SourceSpot Spot)
    : InterfaceItemSyntax(Docs, Gate, Spot);

internal sealed record FuncTypeSyntax(bool IsAsync, IReadOnlyList<ParamSyntax> Params, TypeSyntax? Result);

internal sealed record ParamSyntax(string Name, TypeSyntax Type, SourceSpot Spot);

internal abstract record TypeDefSyntax(string Name, string Docs, Gate Gate, SourceSpot Spot)
    : InterfaceItemSyntax(Docs, Gate, Spot);

internal sealed record MemberSyntax(string Name, TypeSyntax? Type, string Docs, SourceSpot Spot);

internal sealed record RecordSyntax(string Name, IReadOnlyList<MemberSyntax> Fields, string Docs, Gate Gate, SourceSpot Spot)
    : TypeDefSyntax(Name, Docs, Gate, Spot);

internal sealed record VariantSyntax(string Name, IReadOnlyList<MemberSyntax> Cases, string Docs, Gate Gate, SourceSpot Spot)
    : TypeDefSyntax(Name, Docs, Gate, Spot);

internal sealed record EnumSyntax(string Name, IReadOnlyList<MemberSyntax> Cases, string Docs, Gate Gate, SourceSpot Spot)
    : TypeDefSyntax(Name, Docs, Gate, Spot);

internal sealed record FlagsSyntax(string Name, IReadOnlyList<MemberSyntax> Flags, string Docs, Gate Gate, SourceSpot Spot)
    : TypeDefSyntax(Name, Docs, Gate, Spot);

internal sealed record AliasSyntax(string Name, TypeSyntax Target, string Docs, Gate Gate, SourceSpot Spot)
    : TypeDefSyntax(Name, Docs, Gate, Spot);

internal sealed record ResourceSyntax(string Name, IReadOnlyList<ResourceFuncSyntax> Functions, string Docs, Gate Gate, SourceSpot Spot)
    : TypeDefSyntax(Name, Docs, Gate, Spot);

/// <summary>A resource's method, static function or constructor (<see cref="Name"/> is <c>constructor</c> for that).</summary>
internal sealed record ResourceFuncSyntax(FunctionKind Kind, string Name, FuncTypeSyntax Type, string Docs, Gate Gate, SourceSpot Spot);

/// <summary>A type where it is written.</summary>
internal abstract record TypeSyntax(SourceSpot Spot);

internal sealed record PrimitiveSyntax(Primitive Kind, SourceSpot Spot) : TypeSyntax(Spot);

internal sealed record NamedSyntax(string Name, SourceSpot Spot) : TypeSyntax(Spot);

internal sealed record HandleSyntax(HandleKind Kind, string Name, SourceSpot Spot) : TypeSyntax(Spot);

internal sealed record ListSyntax(TypeSyntax Element, int? Length, SourceSpot Spot) : TypeSyntax(Spot);

internal sealed record OptionSyntax(TypeSyntax Some, SourceSpot Spot) : TypeSyntax(Spot);

internal sealed record ResultSyntax(TypeSyntax? Ok, TypeSyntax? Err, SourceSpot Spot) : TypeSyntax(Spot);

internal sealed record TupleSyntax(IReadOnlyList<TypeSyntax> Elements, SourceSpot Spot) : TypeSyntax(Spot);

internal sealed record FutureSyntax(TypeSyntax? Payload, SourceSpot Spot) : TypeSyntax(Spot);

internal sealed record StreamSyntax(TypeSyntax? Payload, SourceSpot Spot) : TypeSyntax(Spot);

internal sealed record WorldSyntax(string Name, string Docs, Gate Gate, IReadOnlyList<WorldItemSyntax> Items, SourceSpot Spot);

internal abstract record WorldItemSyntax(string Docs, Gate Gate, SourceSpot Spot);

/// <summary>A <c>use</c> or type definition inside a world.</summary>
internal sealed record WorldDefinitionSyntax(InterfaceItemSyntax Item) : WorldItemSyntax(Item.Docs, Item.Gate, Item.Spot);

/// <summary><c>import path;</c> / <c>export path;</c></summary>
internal sealed record WorldPathSyntax(bool IsExport, UsePathSyntax Path, string Docs, Gate Gate, SourceSpot Spot)
    : WorldItemSyntax(Docs, Gate, Spot);

/// <summary><c>import name: func(..);</c></summary>
internal sealed record WorldFuncSyntax(bool IsExport, string Name, FuncTypeSyntax Type, string Docs, Gate Gate, SourceSpot Spot)
    : WorldItemSyntax(Docs, Gate, Spot);

/// <summary><c>import name: interface { .. }</c></summary>
internal sealed record WorldInlineSyntax(bool IsExport, InterfaceSyntax Interface, string Docs, Gate Gate, SourceSpot Spot)
    : WorldItemSyntax(Docs, Gate, Spot);

/// <summary><c>include path with { a as b };</c></summary>
internal sealed record IncludeSyntax(UsePathSyntax World, IReadOnlyList<UseNameSyntax> Renames, string Docs, Gate Gate, SourceSpot Spot)
    : WorldItemSyntax(Docs, Gate, Spot);
