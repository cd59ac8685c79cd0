namespace Capsule.Wit.Model;

/// <summary>A handle to a resource: <c>own&lt;R&gt;</c> (or bare <c>R</c>) or <c>borrow&lt;R&gt;</c>.</summary>
public sealed record HandleType(HandleKind Kind, ResourceDef Resource) : WitType;
