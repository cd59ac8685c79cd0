namespace Capsule.Wit.Model;

/// <summary>
/// <c>result&lt;T, E&gt;</c>; a null <see cref="Ok"/> or <see cref="Err"/> has no payload:
/// <c>result</c> (both null), <c>result&lt;T&gt;</c> (Err null), <c>result&lt;_, E&gt;</c> (Ok null).
/// </summary>
public sealed record ResultType(WitType? Ok, WitType? Err) : WitType;
