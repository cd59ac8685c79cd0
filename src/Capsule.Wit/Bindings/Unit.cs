namespace Capsule.Wit.Bindings;

/// <summary>No value: the payload of a <c>result</c> case written without one (<c>result&lt;_, E&gt;</c>, <c>result&lt;T&gt;</c>).</summary>
public readonly record struct Unit
{
    /// <summary>The one value.</summary>
    public static Unit Value => default;
}
