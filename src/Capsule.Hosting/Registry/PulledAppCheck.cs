using System.Text.Json.Nodes;
using Capsule.Runtime.Artifacts;

namespace Capsule.Hosting.Registry;

/// <summary>
/// The checks behind <see cref="PulledAppWriter.Verify"/>: a cached app is served again only
/// when each of its files still holds the content its locked app names, so a file changed on
/// disk (by accident or by someone who could write there) is caught before a guest sees it.
/// </summary>
internal static class PulledAppCheck
{
    /// <summary>The file at <paramref name="path"/> is this user's, no link, and holds what <paramref name="content"/> (the locked app's entry) names.</summary>
    public static void Content(JsonObject content, string path, string what)
    {
        var digest = PulledAppWriter.Text(content["digest"]);
        if (digest is null && PulledAppWriter.Text(content["inline"]) is { } inline)
        {
            try
            {
                digest = OciDigest.Of(Convert.FromBase64String(inline));
            }
            catch (FormatException)
            {
                throw PulledAppWriter.Bad($"{what} has inline content that is not base64");
            }
        }
        Trusted(path);
        if (!File.Exists(path))
        {
            throw Changed($"{what} is missing");
        }
        if (digest is null || OciDigest.OfFile(path) != digest)
        {
            throw Changed($"{what} does not hold the content of {digest}");
        }
    }

    /// <summary>The manifest on disk is the one generated from the locked app (its first, comment line aside).</summary>
    public static void Manifest(string folder, string generated)
    {
        var path = Path.Combine(folder, "capsule.toml");
        Trusted(path);
        var onDisk = File.Exists(path) ? File.ReadAllText(path) : "";
        if (Body(onDisk) != Body(generated))
        {
            throw Changed("capsule.toml is not the one generated from its locked app");
        }

        static string Body(string toml) => toml.Split('\n', 2) is [_, var rest] ? rest : "";
    }

    /// <summary>wasm/ and files/ hold only the <paramref name="expected"/> files (and their folders).</summary>
    public static void NothingElse(string folder, HashSet<string> expected)
    {
        foreach (var top in new[] { "wasm", "files" })
        {
            var path = Path.Combine(folder, top);
            Trusted(path);
            if (!Directory.Exists(path))
            {
                continue;
            }
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
            foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", options))
            {
                Trusted(entry);
                if (!Directory.Exists(entry) && !expected.Contains(entry))
                {
                    throw Changed($"{Path.GetRelativePath(folder, entry)} is not part of the app");
                }
            }
        }
    }

    /// <summary>Throws unless <paramref name="path"/> is missing or may be trusted (<see cref="CacheTrust"/>).</summary>
    public static void Trusted(string path)
    {
        if (CacheTrust.Problem(path) is { } problem)
        {
            throw Changed($"{path} {problem}");
        }
    }

    private static RegistryException Changed(string why) => new(RegistryFailure.Unavailable, why);
}
