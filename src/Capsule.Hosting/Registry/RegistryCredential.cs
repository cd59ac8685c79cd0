namespace Capsule.Hosting.Registry;

/// <summary>A user name and password (or token) for one registry.</summary>
/// <param name="UserName">The user.</param>
/// <param name="Password">The password or access token; never printed.</param>
public sealed record RegistryCredential(string UserName, string Password)
{
    /// <inheritdoc/>
    public override string ToString() => $"{UserName}:***";
}
