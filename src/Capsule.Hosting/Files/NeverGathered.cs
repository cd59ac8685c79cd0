namespace Capsule.Hosting.Files;

/// <summary>
/// Names a <c>files</c> glob never matches, at any depth, and <c>capsule registry push</c> never
/// sends: <c>.env</c> and <c>.env.*</c> (dotenv files hold the app's secrets: pass them as
/// variables or environment instead) and version-control folders (<c>.git</c>, <c>.hg</c>,
/// <c>.svn</c>: history, remotes, sometimes tokens). The state folder <c>.capsule</c> is skipped
/// by its own rule.
/// </summary>
public static class NeverGathered
{
    private static readonly string[] VersionControlFolders = [".git", ".hg", ".svn"];

    /// <summary>Whether a file named <paramref name="name"/> is a dotenv file.</summary>
    public static bool IsSecretFile(string name) => name == ".env" || name.StartsWith(".env.", StringComparison.Ordinal);

    /// <summary>Whether a folder named <paramref name="name"/> is a version-control folder.</summary>
    public static bool IsVersionControlFolder(string name) => VersionControlFolders.Contains(name, StringComparer.Ordinal);

    /// <summary>Whether any segment of <paramref name="relative"/> ('/'-separated) is never gathered.</summary>
    public static bool Excludes(string relative)
    {
        var segments = relative.Split('/', '\\');
        return IsSecretFile(segments[^1]) || segments.Any(IsVersionControlFolder);
    }

    /// <summary>Why a glob naming such a file literally is refused, or null.</summary>
    public static string? LiteralProblem(string glob)
    {
        var segments = glob.Split('/', '\\');
        var named = segments.FirstOrDefault(s => (IsSecretFile(s) || IsVersionControlFolder(s)) && s.IndexOfAny(['*', '?', '[', '{']) < 0);
        return named is null ? null
            : $"names \"{named}\", which never reaches the guest or a registry (dotenv files and version-control folders are not gathered): pass secrets as variables or environment instead";
    }
}
