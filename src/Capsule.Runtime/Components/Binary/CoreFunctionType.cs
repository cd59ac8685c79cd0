namespace Capsule.Runtime.Components.Binary;

/// <summary>A core function type: parameter and result value types.</summary>
/// <param name="Params">Parameter types.</param>
/// <param name="Results">Result types.</param>
public sealed record CoreFunctionType(IReadOnlyList<CoreValueType> Params, IReadOnlyList<CoreValueType> Results)
{
    /// <summary>Structural equality (records compare lists by reference).</summary>
    public bool SameAs(CoreFunctionType other) => Params.SequenceEqual(other.Params) && Results.SequenceEqual(other.Results);

    /// <inheritdoc/>
    public override string ToString() =>
        $"(func (param {string.Join(' ', Params.Select(Text))}) (result {string.Join(' ', Results.Select(Text))}))";

    private static string Text(CoreValueType type) => type.ToString().ToLowerInvariant();
}
