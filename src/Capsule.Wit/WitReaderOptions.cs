namespace Capsule.Wit;

/// <summary>
/// Which <c>@unstable(feature = ..)</c> items to read. By default none: such items are left out,
/// as WIT tools do, and so is whatever refers to them only through a gated item. <c>@since</c> and
/// <c>@deprecated</c> items are always read, their gate kept on the model.
/// </summary>
public sealed record WitReaderOptions
{
    /// <summary>The options by default: no unstable feature.</summary>
    public static WitReaderOptions Default { get; } = new();

    /// <summary>Features whose <c>@unstable</c> items are read.</summary>
    public IReadOnlyCollection<string> Features { get; init; } = [];

    /// <summary>Read every <c>@unstable</c> item, whatever its feature.</summary>
    public bool AllFeatures { get; init; }
}
