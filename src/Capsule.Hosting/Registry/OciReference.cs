using System.Text.RegularExpressions;

namespace Capsule.Hosting.Registry;

/// <summary>
/// An OCI reference, <c>[registry/]repository[:tag][@sha256:hex]</c>, read as Docker
/// and Spin read it: the first part names a registry when it holds a dot or a colon or
/// is <c>localhost</c>; otherwise the registry is Docker Hub (<c>docker.io</c>, with
/// <c>library/</c> before a one-part name). No tag and no digest means <c>latest</c>.
/// </summary>
/// <param name="Registry">Host and optional port, e.g. <c>ghcr.io</c>, <c>127.0.0.1:5000</c>.</param>
/// <param name="Repository">e.g. <c>acme/hello</c>.</param>
/// <param name="Tag">The tag, if given.</param>
/// <param name="Digest">The pinned manifest digest (<c>sha256:…</c>), if given.</param>
public sealed partial record OciReference(string Registry, string Repository, string? Tag, string? Digest)
{
    private const string DockerHub = "docker.io";

    /// <summary>What the manifest is fetched by: the digest when pinned, else the tag, else <c>latest</c>.</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    /// <summary>The host the HTTP API is on (Docker Hub's API lives at registry-1.docker.io).</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    /// <summary>Parses <paramref name="text"/>; a malformed reference is a <see cref="RegistryException"/> saying what is wrong.</summary>
    public static OciReference Parse(string text)
    {
        var rest = text.Trim();
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!OciDigest.IsSha256(digest))
            {
                throw Bad(text, $"the digest must be sha256: followed by 64 lowercase hex digits (got \"{digest}\")");
            }
        }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                throw Bad(text, $"the tag \"{tag}\" is not valid (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')");
            }
        }
        var slash = rest.IndexOf('/');
        var first = slash < 0 ? "" : rest[..slash];
        var (registry, repository) = slash > 0 && (first.Contains('.') || first.Contains(':') || first == "localhost")
            ? (first, rest[(slash + 1)..])
            : (DockerHub, rest);
        if (registry == DockerHub && !repository.Contains('/'))
        {
            repository = "library/" + repository;
        }
        if (repository.Length == 0 || repository.Length > 255 || !RepositoryPattern().IsMatch(repository))
        {
            throw Bad(text, "expected [registry/]repository[:tag][@sha256:digest], with a lowercase repository name (e.g. ghcr.io/acme/hello:v1)");
        }
        if (!HostPattern().IsMatch(registry))
        {
            throw Bad(text, $"\"{registry}\" is not a registry host[:port]");
        }
        return new OciReference(registry, repository, tag, digest);
    }

    /// <summary>The same repository at <paramref name="digest"/>.</summary>
    public OciReference PinnedTo(string digest) => this with { Digest = digest };

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    private static RegistryException Bad(string text, string why) =>
        new(RegistryFailure.BadInput, $"invalid reference \"{text}\": {why}");

    // The grammar of github.com/distribution/reference.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$")]
    private static partial Regex HostPattern();
}
