namespace Capsule.Hosting.Services.Variables;

/// <summary>
/// Values from the environment: variable <c>api_key</c> is <c>CAPSULE_VARIABLE_API_KEY</c>,
/// else Spin's <c>SPIN_VARIABLE_API_KEY</c>, so a Spin app's settings work unchanged.
/// </summary>
public sealed class EnvironmentVariableProvider(Func<string, string?> lookup) : IVariableProvider
{
    /// <summary>The prefixes, in the order they are asked.</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["CAPSULE_VARIABLE_", "SPIN_VARIABLE_"];

    /// <summary>The process's environment.</summary>
    public EnvironmentVariableProvider()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>The environment names that give variable <paramref name="name"/>, in order.</summary>
    public static IEnumerable<string> NamesFor(string name) => Prefixes.Select(p => p + name.ToUpperInvariant());

    /// <inheritdoc/>
    public string? Get(string name) => NamesFor(name).Select(lookup).FirstOrDefault(v => v is not null);
}
