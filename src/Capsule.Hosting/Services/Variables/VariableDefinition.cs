namespace Capsule.Hosting.Services.Variables;

/// <summary>
/// One <c>[variables]</c> entry: a default, or required; a secret's value is never shown.
/// <see cref="ToString"/> gives the name only, so a definition can be logged.
/// </summary>
public sealed record VariableDefinition(string Name, string? Default, bool Required, bool Secret, int Line)
{
    /// <summary>The name (never the default: it may be a secret).</summary>
    public override string ToString() => Name;
}
