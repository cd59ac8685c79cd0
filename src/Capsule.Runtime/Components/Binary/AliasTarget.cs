namespace Capsule.Runtime.Components.Binary;

/// <summary>What an alias refers to.</summary>
public abstract record AliasTarget
{
    private AliasTarget()
    {
    }

    /// <summary>The export <paramref name="Name"/> of component instance <paramref name="Instance"/>.</summary>
    public sealed record InstanceExport(uint Instance, string Name) : AliasTarget;

    /// <summary>The export <paramref name="Name"/> of core instance <paramref name="CoreInstance"/>.</summary>
    public sealed record CoreInstanceExport(uint CoreInstance, string Name) : AliasTarget;

    /// <summary>Item <paramref name="Index"/> of the scope <paramref name="Count"/> levels out (0 = this one).</summary>
    public sealed record Outer(uint Count, uint Index) : AliasTarget;
}
