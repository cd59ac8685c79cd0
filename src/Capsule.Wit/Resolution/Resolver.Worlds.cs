using Capsule.Wit.Model;
using Capsule.Wit.Syntax;

namespace Capsule.Wit.Resolution;

// Worlds: imports, exports, their own types, and included worlds merged in.
internal sealed partial class Resolver
{
    private readonly Dictionary<WorldSyntax, World> _worlds = new(ReferenceComparer<WorldSyntax>.Instance);
    private readonly HashSet<WorldSyntax> _resolvingWorlds = new(ReferenceComparer<WorldSyntax>.Instance);

    private World ResolveWorld(WorldSyntax syntax, PackageBodySyntax body, PackageScope package)
    {
        if (_worlds.TryGetValue(syntax, out var done))
        {
            return done;
        }
        if (!_resolvingWorlds.Add(syntax))
        {
            throw syntax.Spot.Error($"world `{syntax.Name}` includes itself");
        }
        var scope = new TypeScope(new TypeOwner(package.Name, null, syntax.Name), $"world `{package.Name.Qualify(syntax.Name)}`");
        var items = syntax.Items.Where(i => Enabled(i.Gate)).ToList();
        var uses = new List<Use>();
        var types = new List<TypeDef>();
        var imports = new WorldItems(syntax.Name, "import");
        var exports = new WorldItems(syntax.Name, "export");
        foreach (var item in items)
        {
            switch (item)
            {
                case WorldDefinitionSyntax { Item: UseSyntax use }:
                    uses.Add(ResolveUse(use, body, scope));
                    break;
                case WorldDefinitionSyntax { Item: TypeDefSyntax typeDef }:
                    scope.AddLocal(typeDef);
                    break;
                case WorldFuncSyntax func:
                    scope.AddFunction(func.Name, func.Spot);
                    break;
            }
        }
        foreach (var item in items)
        {
            switch (item)
            {
                case WorldDefinitionSyntax { Item: TypeDefSyntax typeDef }:
                    types.Add(scope.Define(typeDef));
                    break;
                case WorldPathSyntax path:
                    var used = FindInterface(path.Path, body);
                    Side(path.IsExport, imports, exports).Add(new WorldInterface(used.QualifiedName, path.Docs, path.Gate, used), path.Spot);
                    break;
                case WorldInlineSyntax inline:
                    var written = ResolveInterface(inline.Interface, body, package, syntax.Name);
                    Side(inline.IsExport, imports, exports).Add(new WorldInterface(written.Name, inline.Docs, inline.Gate, written), inline.Spot);
                    break;
                case WorldFuncSyntax func:
                    var function = ResolveFunction(func.Name, FunctionKind.Freestanding, null, func.Type, func.Docs, func.Gate, scope);
                    Side(func.IsExport, imports, exports).Add(new WorldFunction(func.Name, func.Docs, func.Gate, function), func.Spot);
                    break;
                case IncludeSyntax include:
                    Include(include, FindWorld(include.World, body), imports, exports, types);
                    break;
            }
        }
        var result = new World(syntax.Name, package.Name, syntax.Docs, syntax.Gate, uses.ToValueList(), types.ToValueList(), imports.Items.ToValueList(), exports.Items.ToValueList());
        _resolvingWorlds.Remove(syntax);
        _worlds.Add(syntax, result);
        return result;
    }

    private static WorldItems Side(bool isExport, WorldItems imports, WorldItems exports) => isExport ? exports : imports;

    /// <summary>Merges an included world, renaming its plain-named items as <c>with { a as b }</c> says.</summary>
    private static void Include(IncludeSyntax include, World included, WorldItems imports, WorldItems exports, List<TypeDef> types)
    {
        var renames = new Dictionary<string, UseNameSyntax>();
        foreach (var rename in include.Renames)
        {
            var exists = included.Imports.Concat(included.Exports).Any(i => i.Name == rename.Name);
            if (!exists || renames.ContainsKey(rename.Name))
            {
                throw rename.Spot.Error($"world `{included.QualifiedName}` has no import or export `{rename.Name}` to rename");
            }
            renames.Add(rename.Name, rename);
        }
        WorldItem Renamed(WorldItem item) => renames.TryGetValue(item.Name, out var rename)
            ? item switch
            {
                WorldInterface i => i with { Name = rename.Alias! },
                WorldFunction f => f with { Name = rename.Alias! },
                _ => item,
            }
            : item;
        foreach (var item in included.Imports)
        {
            imports.Merge(Renamed(item), include);
        }
        foreach (var item in included.Exports)
        {
            exports.Merge(Renamed(item), include);
        }
        types.AddRange(included.Types.Where(t => !types.Contains(t)));
    }

    /// <summary>One side of a world, its names unique; an interface included twice by path is one item.</summary>
    private sealed class WorldItems(string world, string side)
    {
        public List<WorldItem> Items { get; } = [];

        public void Add(WorldItem item, SourceSpot spot)
        {
            if (Items.Any(i => i.Name == item.Name))
            {
                throw spot.Error($"world `{world}` has `{item.Name}` as {side} twice");
            }
            Items.Add(item);
        }

        public void Merge(WorldItem item, IncludeSyntax include)
        {
            var same = Items.FirstOrDefault(i => i.Name == item.Name);
            if (same is null)
            {
                Items.Add(item);
            }
            else if (!(same is WorldInterface a && item is WorldInterface b && ReferenceEquals(a.Interface, b.Interface)))
            {
                throw include.Spot.Error(
                    $"`include {include.World}` brings {side} `{item.Name}`, which world `{world}` already has: rename it with `with {{ {item.Name} as .. }}`");
            }
        }
    }
}
