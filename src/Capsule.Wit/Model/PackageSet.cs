namespace Capsule.Wit.Model;

/// <summary>Packages read together; every reference between them is resolved.</summary>
public sealed record PackageSet(IReadOnlyList<Package> Packages)
{
    /// <summary>The package named e.g. <c>wasi:io@0.2.12</c> (or <c>wasi:io</c> when only one version is present), or null.</summary>
    public Package? FindPackage(string name) =>
        Packages.FirstOrDefault(p => p.Name.ToString() == name)
        ?? SingleOrNull(Packages.Where(p => $"{p.Name.Namespace}:{p.Name.Name}" == name));

    /// <summary>The interface named as a component names it, e.g. <c>wasi:io/streams@0.2.12</c>, or null.</summary>
    public Interface? FindInterface(string qualifiedName) =>
        Packages.SelectMany(p => p.Interfaces).FirstOrDefault(i => i.QualifiedName == qualifiedName);

    /// <summary>
    /// The interface a type is defined in (a generator names the type after it), or null for a
    /// world's own type. Works for types reached through <c>use</c> from another package too.
    /// </summary>
    public Interface? InterfaceOf(TypeDef type)
    {
        var owner = type.Owner;
        if (owner.Interface is null)
        {
            return null;
        }
        var package = Packages.FirstOrDefault(p => p.Name == owner.Package);
        if (owner.World is null)
        {
            return package?.FindInterface(owner.Interface);
        }
        var world = package?.FindWorld(owner.World);
        return world?.Imports.Concat(world.Exports).OfType<WorldInterface>().Select(i => i.Interface)
            .FirstOrDefault(i => i.World == owner.World && i.Name == owner.Interface);
    }

    private static Package? SingleOrNull(IEnumerable<Package> packages)
    {
        var list = packages.Take(2).ToList();
        return list.Count == 1 ? list[0] : null;
    }
}
