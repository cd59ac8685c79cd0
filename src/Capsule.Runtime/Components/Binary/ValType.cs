namespace Capsule.Runtime.Components.Binary;

/// <summary>A component value type: a primitive, or an index into the type index space of its scope.</summary>
/// <param name="Primitive">The primitive, or <see cref="PrimitiveType.None"/>.</param>
/// <param name="TypeIndex">The type index when not primitive.</param>
public readonly record struct ValType(PrimitiveType Primitive, uint TypeIndex)
{
    /// <summary>True for a primitive type.</summary>
    public bool IsPrimitive => Primitive != PrimitiveType.None;

    /// <inheritdoc/>
    public override string ToString() => IsPrimitive ? Primitive.ToString().ToLowerInvariant() : $"(type {TypeIndex})";
}

/// <summary>A labelled value type: a record field or a function parameter.</summary>
/// <param name="Label">The label.</param>
/// <param name="Type">The type.</param>
public readonly record struct LabeledType(string Label, ValType Type);

/// <summary>A variant case.</summary>
/// <param name="Label">The label.</param>
/// <param name="Type">The payload type, or null.</param>
public readonly record struct VariantCase(string Label, ValType? Type);
