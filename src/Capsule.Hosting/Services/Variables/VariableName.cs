namespace Capsule.Hosting.Services.Variables;

/// <summary>Spin's rule for a variable name: lower-case letters, digits and single underscores, starting with a letter.</summary>
public static class VariableName
{
    /// <summary>Why <paramref name="name"/> is not a variable name, or null when it is one.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "a variable name must not be empty";
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return $"invalid character '{c}' (a variable name has only lower-case letters, digits and underscores)";
            }
        }
        return !char.IsAsciiLetterLower(name[0]) ? "a variable name must start with a lower-case letter"
            : !char.IsAsciiLetterOrDigit(name[^1]) ? "a variable name must end with a lower-case letter or a digit"
            : name.Contains("__", StringComparison.Ordinal) ? "a variable name must not contain two underscores in a row"
            : null;
    }
}
