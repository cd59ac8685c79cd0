namespace Capsule.Wit.Model;

/// <summary>One WIT package: its interfaces and worlds in the order they were written (files in path order).</summary>
public sealed record Package(PackageName Name, string Docs, IReadOnlyList<Interface> Interfaces, IReadOnlyList<World> Worlds)
{
    /// <summary>The interface named <paramref name="name"/> (e.g. <c>streams</c>), or null.</summary>
    public Interface? FindInterface(string name) => Interfaces.FirstOrDefault(i => i.Name == name);

    /// <summary>The world named <paramref name="name"/>, or null.</summary>
    public World? FindWorld(string name) => Worlds.FirstOrDefault(w => w.Name == name);
}
