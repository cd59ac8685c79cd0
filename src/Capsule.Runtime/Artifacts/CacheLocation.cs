namespace Capsule.Runtime.Artifacts;

/// <summary>
/// Where precompiled artifacts live: an explicit folder (a command-line
/// option), else <c>$CAPSULE_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/capsule</c>,
/// else <c>~/.cache/capsule</c> (the XDG default).
/// </summary>
public static class CacheLocation
{
    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string EnvironmentVariable = "CAPSULE_CACHE_DIR";

    /// <summary>Resolves the cache folder; <paramref name="explicitPath"/> wins when given.</summary>
    public static string Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "capsule");
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "capsule");
    }
}
