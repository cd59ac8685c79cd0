namespace Capsule.Wit.Model;

/// <summary><c>list&lt;T&gt;</c>, or <c>list&lt;T, N&gt;</c> of fixed length <see cref="Length"/>.</summary>
public sealed record ListType(WitType Element, int? Length) : WitType;
