using Capsule.Wit.Model;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Capsule.Wit.Generator;

/// <summary>
/// What to generate, from MSBuild properties (made visible with <c>&lt;CompilerVisibleProperty&gt;</c>):
/// <c>CapsuleWitNamespace</c>, the root namespace (default <c>{RootNamespace}.Wit</c>), and
/// <c>CapsuleWitInclude</c>, interfaces (<c>wasi:io/streams@0.2.12</c>) or worlds (their imports) separated by
/// <c>,</c> (a <c>;</c> would start a comment in the analyzer config file that carries the property); empty for
/// every interface read. The interfaces these use are generated too.
/// </summary>
internal sealed record GeneratorSettings(string RootNamespace, string Include)
{
    public static GeneratorSettings From(AnalyzerConfigOptions options)
    {
        options.TryGetValue("build_property.CapsuleWitNamespace", out var root);
        options.TryGetValue("build_property.RootNamespace", out var projectRoot);
        options.TryGetValue("build_property.CapsuleWitInclude", out var include);
        root = string.IsNullOrWhiteSpace(root) ? (string.IsNullOrWhiteSpace(projectRoot) ? "Wit" : projectRoot + ".Wit") : root;
        return new GeneratorSettings(root!.Trim(), include?.Trim() ?? "");
    }

    /// <summary>The names in <see cref="Include"/>.</summary>
    public IReadOnlyList<string> IncludedNames =>
        Include.Split([';', ',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The interfaces to generate, each after those it uses; a name that matches nothing is returned in <paramref name="unknown"/>.</summary>
    public IReadOnlyList<Interface> Select(PackageSet set, out IReadOnlyList<string> unknown)
    {
        var roots = new List<Interface>();
        var missing = new List<string>();
        if (IncludedNames.Count == 0)
        {
            roots.AddRange(set.Packages.SelectMany(p => p.Interfaces));
        }
        foreach (var name in IncludedNames)
        {
            var found = set.FindInterface(name);
            var world = set.Packages.SelectMany(p => p.Worlds).FirstOrDefault(w => w.QualifiedName == name);
            if (found is not null)
            {
                roots.Add(found);
            }
            else if (world is not null)
            {
                roots.AddRange(world.ElaboratedImports().OfType<WorldInterface>().Select(i => i.Interface));
                roots.AddRange(world.Exports.OfType<WorldInterface>().Select(i => i.Interface));
            }
            else
            {
                missing.Add(name);
            }
        }
        unknown = missing;
        var ordered = new List<Interface>();
        foreach (var root in roots)
        {
            AddWithUses(root, ordered);
        }
        return ordered;
    }

    private static void AddWithUses(Interface witInterface, List<Interface> ordered)
    {
        if (ordered.Any(i => i.QualifiedName == witInterface.QualifiedName))
        {
            return;
        }
        foreach (var use in witInterface.Uses)
        {
            AddWithUses(use.From, ordered);
        }
        ordered.Add(witInterface);
    }
}
