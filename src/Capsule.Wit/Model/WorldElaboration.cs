namespace Capsule.Wit.Model;

/// <summary>
/// Adds to a world's imports the interfaces that its imports, exports and <c>use</c> items
/// depend on through <c>use</c>, each before the first item that needs it (as WIT tools do).
/// </summary>
internal sealed class WorldElaboration
{
    private readonly List<WorldItem> _items = [];
    private readonly HashSet<string> _added = [];
    private readonly HashSet<string> _exported;

    private WorldElaboration(World world) =>
        _exported = new HashSet<string>(world.Exports.Select(e => e.Name));

    public static IReadOnlyList<WorldItem> Imports(World world)
    {
        var elaboration = new WorldElaboration(world);
        foreach (var use in world.Uses)
        {
            elaboration.AddWithDependencies(Item(use.From));
        }
        foreach (var import in world.Imports)
        {
            elaboration.AddWithDependencies(import);
        }
        foreach (var export in world.Exports.OfType<WorldInterface>())
        {
            foreach (var use in export.Interface.Uses)
            {
                elaboration.AddWithDependencies(Item(use.From));
            }
        }
        return elaboration._items.ToValueList();
    }

    private void AddWithDependencies(WorldItem item)
    {
        if (_exported.Contains(item.Name) || _added.Contains(item.Name))
        {
            return;
        }
        if (item is WorldInterface { Interface: var used })
        {
            foreach (var use in used.Uses)
            {
                AddWithDependencies(Item(use.From));
            }
        }
        _added.Add(item.Name);
        _items.Add(item);
    }

    private static WorldInterface Item(Interface used) => new(used.QualifiedName, used.Docs, used.Gate, used);
}
