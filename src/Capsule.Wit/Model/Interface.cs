namespace Capsule.Wit.Model;

/// <summary>
/// A WIT interface: the types it defines, the types it takes from others (<see cref="Uses"/>), and its
/// functions in the order written, a resource's constructor, methods and static functions where the resource is.
/// </summary>
/// <param name="Name">Its name, or for an interface written inline in a world, its import or export name.</param>
/// <param name="Package">The package it belongs to.</param>
/// <param name="World">The world it is written inline in, or null for a package-level interface.</param>
/// <param name="Docs">Its doc comment, or empty.</param>
/// <param name="Gate">Its feature gate.</param>
/// <param name="Uses">Its <c>use</c> items, each resolved to the interface and types it names.</param>
/// <param name="Types">The types it defines, in the order written.</param>
/// <param name="Functions">Its functions, freestanding and of resources.</param>
public sealed record Interface(
    string Name,
    PackageName Package,
    string? World,
    string Docs,
    Gate Gate,
    IReadOnlyList<Use> Uses,
    IReadOnlyList<TypeDef> Types,
    IReadOnlyList<Function> Functions)
{
    /// <summary>The name a component imports or exports it by, e.g. <c>wasi:io/streams@0.2.12</c>; an inline interface's plain name.</summary>
    public string QualifiedName => World is null ? Package.Qualify(Name) : Name;

    /// <summary>The resources it defines.</summary>
    public IEnumerable<ResourceDef> Resources => Types.OfType<ResourceDef>();

    /// <summary>The functions that belong to no resource.</summary>
    public IEnumerable<Function> FreestandingFunctions => Functions.Where(f => f.Kind == FunctionKind.Freestanding);

    /// <summary>The constructor, methods and static functions of <paramref name="resource"/>.</summary>
    public IEnumerable<Function> FunctionsOf(ResourceDef resource) => Functions.Where(f => f.Resource == resource);

    /// <summary>The type named <paramref name="name"/> defined here, or null.</summary>
    public TypeDef? FindType(string name) => Types.FirstOrDefault(t => t.Name == name);

    /// <summary>The function named as a component names it (<c>[method]output-stream.write</c>), or null.</summary>
    public Function? FindFunction(string externName) => Functions.FirstOrDefault(f => f.ExternName == externName);
}
