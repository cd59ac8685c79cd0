using System.Text;
using System.Text.RegularExpressions;

namespace Capsule.Hosting.Services.RuntimeConfig;

/// <summary>
/// <c>${NAME}</c> in a runtime config's Redis <c>url</c>, replaced by the environment
/// variable's value percent-encoded (any password fits in the URL's user info), so a
/// secret comes from the environment (a Kubernetes Secret) and never sits in the file.
/// </summary>
internal static partial class EnvironmentReferences
{
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    /// <summary>
    /// <paramref name="text"/> with every <c>${NAME}</c> replaced; false with <paramref name="error"/>
    /// naming the first variable that is not set (never quoting any value).
    /// </summary>
    public static bool TryExpand(string text, out string? expanded, out string? error)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match match in Reference().Matches(text))
        {
            var name = match.Groups[1].Value;
            var value = Environment.GetEnvironmentVariable(name);
            if (value is null)
            {
                expanded = null;
                error = $"the environment variable {name} (named as ${{{name}}}) is not set";
                return false;
            }
            result.Append(text, last, match.Index - last).Append(Uri.EscapeDataString(value));
            last = match.Index + match.Length;
        }
        expanded = result.Append(text, last, text.Length - last).ToString();
        error = null;
        return true;
    }
}
