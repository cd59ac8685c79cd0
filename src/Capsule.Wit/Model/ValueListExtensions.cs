namespace Capsule.Wit.Model;

/// <summary>Builds the model's lists.</summary>
internal static class ValueListExtensions
{
    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => new(items);
}
