namespace Capsule.Wit.Model;

/// <summary><c>future&lt;T&gt;</c> or bare <c>future</c> (WASI 0.3).</summary>
public sealed record FutureType(WitType? Payload) : WitType;
