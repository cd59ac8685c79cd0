namespace Capsule.Wit.Model;

/// <summary>A primitive type such as <c>u32</c> or <c>string</c>.</summary>
public sealed record PrimitiveType(Primitive Kind) : WitType;
