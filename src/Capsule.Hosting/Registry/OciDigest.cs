using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Capsule.Hosting.Registry;

/// <summary>
/// SHA-256 content digests (<c>sha256:</c> + 64 lowercase hex digits), the only
/// algorithm accepted: a digest is also a file name in the cache, so nothing
/// else (no other algorithm, no "../") ever reaches a path.
/// </summary>
internal static partial class OciDigest
{
    /// <summary>Whether <paramref name="digest"/> is <c>sha256:</c> and 64 lowercase hex digits.</summary>
    public static bool IsSha256(string? digest) => digest is not null && Sha256Pattern().IsMatch(digest);

    /// <summary>The digest of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The digest of a file's content.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The 64 hex digits of a checked digest.</summary>
    public static string Hex(string digest) => digest["sha256:".Length..];

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Sha256Pattern();
}
