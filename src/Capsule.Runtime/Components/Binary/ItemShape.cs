namespace Capsule.Runtime.Components.Binary;

/// <summary>
/// The outline of an imported or exported item, as far as naming goes: what kind it is and, for an
/// instance, its exports (functions, resources, types, nested instances) in declaration order.
/// </summary>
public abstract record ItemShape
{
    private ItemShape()
    {
    }

    /// <summary>A function.</summary>
    public sealed record Func : ItemShape;

    /// <summary>A resource type (fresh or an alias of one).</summary>
    public sealed record Resource : ItemShape;

    /// <summary>A type that is not a resource (a value, function, component or instance type).</summary>
    public sealed record Type : ItemShape;

    /// <summary>A component.</summary>
    public sealed record Component : ItemShape;

    /// <summary>A core module.</summary>
    public sealed record Module : ItemShape;

    /// <summary>An instance and its exports.</summary>
    public sealed record Instance(IReadOnlyList<KeyValuePair<string, ItemShape>> Exports) : ItemShape
    {
        /// <summary>The export <paramref name="name"/>, or null.</summary>
        public ItemShape? Member(string name) => Exports.FirstOrDefault(e => e.Key == name).Value;
    }

    /// <summary>Shared instances of the leaf shapes.</summary>
    internal static readonly ItemShape FuncShape = new Func(), ResourceShape = new Resource(), TypeShape = new Type(),
        ComponentShape = new Component(), ModuleShape = new Module(), EmptyInstance = new Instance([]);
}
