namespace Capsule.Wit.Bindings;

/// <summary>
/// WIT <c>option&lt;T&gt;</c> where a nullable cannot say it: an option of an option. Every other option is
/// <c>T?</c> in generated code.
/// </summary>
/// <typeparam name="T">The payload.</typeparam>
/// <param name="HasValue">True for <c>some</c>.</param>
/// <param name="Value">The payload when <paramref name="HasValue"/>.</param>
public readonly record struct Option<T>(bool HasValue, T Value)
{
    /// <summary><c>none</c>.</summary>
    public static Option<T> None => default;

    /// <summary><c>some(value)</c>.</summary>
    public static Option<T> Some(T value) => new(true, value);
}
