using System.Text.RegularExpressions;

namespace Capsule.Wit.Syntax;

/// <summary>The semver 2.0 grammar, as WIT package versions and gates use it.</summary>
internal static class SemanticVersion
{
    private static readonly Regex Pattern = new(
        @"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$",
        RegexOptions.CultureInvariant);

    public static bool IsValid(string version) => Pattern.IsMatch(version);
}
