namespace Capsule.Wit.Model;

/// <summary><c>stream&lt;T&gt;</c> or bare <c>stream</c> (WASI 0.3).</summary>
public sealed record StreamType(WitType? Payload) : WitType;
