namespace Capsule.Wit.Model;

/// <summary>
/// Where a type is defined: an interface (<see cref="World"/> null), a world (<see cref="Interface"/> null),
/// or an interface written inline in a world (both set; the interface is named by its import or export name).
/// </summary>
public sealed record TypeOwner(PackageName Package, string? Interface, string? World)
{
    /// <summary>E.g. <c>wasi:io/streams@0.2.12</c>, or <c>pkg:x/world.inline</c> for a world's own types.</summary>
    public override string ToString() =>
        World is null ? Package.Qualify(Interface!) : Interface is null ? Package.Qualify(World) : Package.Qualify($"{World}.{Interface}");
}
