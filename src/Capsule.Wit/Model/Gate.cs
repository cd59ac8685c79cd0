namespace Capsule.Wit.Model;

/// <summary>
/// The feature gates on an item: <c>@since(version = ..)</c>, <c>@unstable(feature = ..)</c>,
/// <c>@deprecated(version = ..)</c>. Items gated <c>@unstable</c> behind a feature that is not
/// enabled are left out by the reader, so an item that is present carries the gate it had.
/// </summary>
public sealed record Gate(string? Since, string? Unstable, string? Deprecated)
{
    /// <summary>No gate.</summary>
    public static Gate None { get; } = new(null, null, null);
}
