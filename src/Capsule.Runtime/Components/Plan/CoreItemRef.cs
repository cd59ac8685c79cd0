namespace Capsule.Runtime.Components.Plan;

/// <summary>Where a core item (function, memory, table, global) comes from once the plan resolved it.</summary>
public abstract record CoreItemRef
{
    private CoreItemRef()
    {
    }

    /// <summary>Export <paramref name="Name"/> of the plan's core instance <paramref name="Instance"/> (made earlier).</summary>
    public sealed record Export(int Instance, string Name) : CoreItemRef;

    /// <summary>A host function lowered into the guest.</summary>
    public sealed record Host(HostImport Import) : CoreItemRef;

    /// <summary>A canonical resource builtin.</summary>
    public sealed record Builtin(ResourceBuiltin Function) : CoreItemRef;
}
