using Capsule.Wit.Model;
using Capsule.Wit.Syntax;

namespace Capsule.Wit.Resolution;

/// <summary>A package's items by name, each with the file body it was written in (for that file's <c>use .. as</c> names).</summary>
internal sealed class PackageScope(PackageName name, string docs, SourceSpot spot)
{
    public PackageName Name { get; } = name;

    public string Docs { get; set; } = docs;

    public SourceSpot Spot { get; } = spot;

    public List<(InterfaceSyntax Syntax, PackageBodySyntax Body)> Interfaces { get; } = [];

    public List<(WorldSyntax Syntax, PackageBodySyntax Body)> Worlds { get; } = [];

    private readonly Dictionary<string, SourceSpot> _names = [];

    /// <summary>Interfaces and worlds share one namespace in a package.</summary>
    public void Claim(string item, SourceSpot at)
    {
        if (_names.TryGetValue(item, out var first))
        {
            throw at.Error($"`{item}` is defined twice in package `{Name}` (first at {first.File}:{first.Line}:{first.Column})");
        }
        _names.Add(item, at);
    }
}
