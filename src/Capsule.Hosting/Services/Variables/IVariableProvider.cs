namespace Capsule.Hosting.Services.Variables;

/// <summary>A source of variable values, asked in order before a variable's default.</summary>
public interface IVariableProvider
{
    /// <summary>The value of variable <paramref name="name"/>, or null when this provider has none.</summary>
    string? Get(string name);
}
