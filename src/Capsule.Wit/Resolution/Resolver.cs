using Capsule.Wit.Model;
using Capsule.Wit.Syntax;

namespace Capsule.Wit.Resolution;

/// <summary>
/// Turns parsed files into resolved packages: groups files into packages, finds what each
/// path names (in the file's <c>use .. as</c> names, its package, or another package), and
/// resolves interfaces and worlds on first need, reporting a <c>use</c> or <c>include</c> cycle.
/// This part: packages and paths.
/// </summary>
internal sealed partial class Resolver
{
    private readonly WitReaderOptions _options;
    private readonly List<PackageScope> _packages = [];
    private readonly Dictionary<PackageBodySyntax, PackageScope> _bodies = new(ReferenceComparer<PackageBodySyntax>.Instance);

    private Resolver(WitReaderOptions options) => _options = options;

    /// <summary>Resolves <paramref name="groups"/>, each the files of one package folder, in order.</summary>
    public static PackageSet Resolve(IEnumerable<IReadOnlyList<FileSyntax>> groups, WitReaderOptions options)
    {
        var resolver = new Resolver(options);
        foreach (var files in groups)
        {
            resolver.AddGroup(files);
        }
        resolver.CheckFileUses();
        return new PackageSet(resolver._packages.Select(resolver.ResolvePackage).ToValueList());
    }

    private void AddGroup(IReadOnlyList<FileSyntax> files)
    {
        var declared = files.Where(f => f.Package is not null).Select(f => f.Package!).ToList();
        var hasItems = files.Any(f => f.Body.Interfaces.Count + f.Body.Worlds.Count + f.Body.Uses.Count > 0);
        if (declared.Count == 0 && hasItems)
        {
            var file = files.First(f => f.Body.Interfaces.Count + f.Body.Worlds.Count + f.Body.Uses.Count > 0);
            throw new WitException(file.Path, 1, 1, "expected a `package namespace:name;` line in this file or another of its folder");
        }
        if (declared.Count > 0)
        {
            var first = declared[0];
            var other = declared.FirstOrDefault(d => d.Name != first.Name);
            if (other is not null)
            {
                throw other.Spot.Error($"package `{other.Name}` differs from `{first.Name}` declared in {first.Spot.File}: the files of a folder make one package");
            }
            var scope = AddPackage(first);
            scope.Docs = string.Join("\n", declared.Select(d => d.Docs).Where(d => d.Length > 0));
            foreach (var file in files)
            {
                AddBody(scope, file.Body);
            }
        }
        foreach (var nested in files.SelectMany(f => f.Nested))
        {
            AddBody(AddPackage(nested.Package), nested.Body);
        }
    }

    private PackageScope AddPackage(PackageDeclSyntax decl)
    {
        var existing = _packages.FirstOrDefault(p => p.Name == decl.Name);
        if (existing is not null)
        {
            throw decl.Spot.Error($"package `{decl.Name}` is defined twice (first at {existing.Spot.File}:{existing.Spot.Line}:{existing.Spot.Column})");
        }
        var scope = new PackageScope(decl.Name, decl.Docs, decl.Spot);
        _packages.Add(scope);
        return scope;
    }

    private void AddBody(PackageScope scope, PackageBodySyntax body)
    {
        _bodies.Add(body, scope);
        foreach (var item in body.Interfaces.Where(i => Enabled(i.Gate)))
        {
            scope.Claim(item.Name, item.Spot);
            scope.Interfaces.Add((item, body));
        }
        foreach (var item in body.Worlds.Where(w => Enabled(w.Gate)))
        {
            scope.Claim(item.Name, item.Spot);
            scope.Worlds.Add((item, body));
        }
        var aliases = new HashSet<string>();
        foreach (var use in body.Uses)
        {
            if (!aliases.Add(use.LocalName))
            {
                throw use.Spot.Error($"`{use.LocalName}` is named twice by `use` in this file");
            }
        }
    }

    /// <summary>A file's <c>use path as name;</c> must lead somewhere even if nothing uses the name.</summary>
    private void CheckFileUses()
    {
        foreach (var body in _bodies.Keys)
        {
            foreach (var use in body.Uses)
            {
                var (scope, name) = Locate(use.Path, body);
                if (!scope.Interfaces.Any(i => i.Syntax.Name == name) && !scope.Worlds.Any(w => w.Syntax.Name == name))
                {
                    throw use.Path.Spot.Error($"package `{scope.Name}` has no interface or world `{name}`");
                }
            }
        }
    }

    private Package ResolvePackage(PackageScope scope) => new(
        scope.Name,
        scope.Docs,
        scope.Interfaces.Select(i => ResolveInterface(i.Syntax, i.Body, scope, world: null)).ToValueList(),
        scope.Worlds.Select(w => ResolveWorld(w.Syntax, w.Body, scope)).ToValueList());

    /// <summary>An item is left out when it is <c>@unstable</c> behind a feature that is not enabled.</summary>
    private bool Enabled(Gate gate) =>
        gate.Unstable is null || _options.AllFeatures || _options.Features.Contains(gate.Unstable);

    /// <summary>The interface a path names, resolved.</summary>
    private Interface FindInterface(UsePathSyntax path, PackageBodySyntax body)
    {
        var (scope, name) = Locate(path, body);
        var found = scope.Interfaces.FirstOrDefault(i => i.Syntax.Name == name);
        if (found.Syntax is null)
        {
            var kind = scope.Worlds.Any(w => w.Syntax.Name == name) ? " (it is a world)" : "";
            throw path.Spot.Error($"expected an interface: package `{scope.Name}` has no interface `{name}`{kind}");
        }
        return ResolveInterface(found.Syntax, found.Body, scope, world: null);
    }

    /// <summary>The world a path names, resolved.</summary>
    private World FindWorld(UsePathSyntax path, PackageBodySyntax body)
    {
        var (scope, name) = Locate(path, body);
        var found = scope.Worlds.FirstOrDefault(w => w.Syntax.Name == name);
        if (found.Syntax is null)
        {
            var kind = scope.Interfaces.Any(i => i.Syntax.Name == name) ? " (it is an interface)" : "";
            throw path.Spot.Error($"expected a world: package `{scope.Name}` has no world `{name}`{kind}");
        }
        return ResolveWorld(found.Syntax, found.Body, scope);
    }

    /// <summary>The package and item name a path leads to: a file's <c>use</c> name first, then the package's own items.</summary>
    private (PackageScope Scope, string Name) Locate(UsePathSyntax path, PackageBodySyntax body)
    {
        if (path.Package is null)
        {
            var alias = body.Uses.FirstOrDefault(u => u.LocalName == path.Name);
            if (alias is not null && alias.Path.Package is not null)
            {
                return (FindPackage(alias.Path), alias.Path.Name);
            }
            return (_bodies[body], alias?.Path.Name ?? path.Name);
        }
        return (FindPackage(path), path.Name);
    }

    private PackageScope FindPackage(UsePathSyntax path)
    {
        var wanted = path.Package!;
        var sameName = _packages.Where(p => p.Name.Namespace == wanted.Namespace && p.Name.Name == wanted.Name).ToList();
        var match = wanted.Version is null && sameName.Count == 1
            ? sameName[0]
            : sameName.FirstOrDefault(p => p.Name.Version == wanted.Version);
        if (match is not null)
        {
            return match;
        }
        var found = sameName.Count == 0 ? "none of that name" : string.Join(", ", sameName.Select(p => $"`{p.Name}`"));
        throw path.Spot.Error($"package `{wanted}` is not among the packages read (found {found})");
    }
}
