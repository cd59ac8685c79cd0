namespace Capsule.Wit.Model;

/// <summary><c>option&lt;T&gt;</c>.</summary>
public sealed record OptionType(WitType Some) : WitType;
