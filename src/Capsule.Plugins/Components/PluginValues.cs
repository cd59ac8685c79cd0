namespace Capsule.Plugins.Components;

/// <summary>A value of a WIT variant in a dynamic call: its case name and payload (null for a case without one).</summary>
public sealed record PluginVariant(string Case, object? Value = null);

/// <summary>A value of a WIT <c>result</c> in a dynamic call: ok or error, with its payload (null when the case has none).</summary>
public sealed record PluginResult(bool IsOk, object? Value = null)
{
    /// <summary>An ok result.</summary>
    public static PluginResult Ok(object? value = null) => new(true, value);

    /// <summary>An error result.</summary>
    public static PluginResult Err(object? value = null) => new(false, value);
}
