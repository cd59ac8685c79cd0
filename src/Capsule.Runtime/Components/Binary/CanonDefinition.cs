namespace Capsule.Runtime.Components.Binary;

/// <summary>A canonical definition: how a function crosses between core and component level.</summary>
public abstract record CanonDefinition
{
    private CanonDefinition()
    {
    }

    /// <summary>A component function of type <paramref name="Type"/> lifted from core function <paramref name="CoreFunc"/>.</summary>
    public sealed record Lift(uint CoreFunc, CanonOptions Options, uint Type) : CanonDefinition;

    /// <summary>A core function lowered from component function <paramref name="Func"/>.</summary>
    public sealed record Lower(uint Func, CanonOptions Options) : CanonDefinition;

    /// <summary>resource.new of resource type <paramref name="Type"/> (a core function).</summary>
    public sealed record ResourceNew(uint Type) : CanonDefinition;

    /// <summary>resource.drop of resource type <paramref name="Type"/> (a core function).</summary>
    public sealed record ResourceDrop(uint Type) : CanonDefinition;

    /// <summary>resource.rep of resource type <paramref name="Type"/> (a core function).</summary>
    public sealed record ResourceRep(uint Type) : CanonDefinition;
}
