namespace Capsule.Runtime.Components.Plan;

/// <summary>Which canonical resource builtin.</summary>
public enum ResourceBuiltinKind : byte
{
    /// <summary>resource.new.</summary>
    New,

    /// <summary>resource.drop.</summary>
    Drop,

    /// <summary>resource.rep.</summary>
    Rep,
}

/// <summary>A canonical resource builtin of a resource type: a host one (<paramref name="Interface"/>, <paramref name="Resource"/>) or one the guest defines (<paramref name="Interface"/> empty).</summary>
/// <param name="Kind">new, drop or rep.</param>
/// <param name="Interface">The imported interface the resource comes from, or empty for a guest-defined resource.</param>
/// <param name="Resource">The resource's name in that interface (or the guest's type index as text).</param>
public sealed record ResourceBuiltin(ResourceBuiltinKind Kind, string Interface, string Resource);
