using System.Text.Json;
using System.Text.Json.Nodes;

namespace Capsule.Hosting.Registry;

/// <summary>A checked OCI descriptor: the digest is sha256 and the size within <see cref="PullLimits.LayerBytes"/>.</summary>
/// <param name="MediaType">The layer's media type.</param>
/// <param name="Digest"><c>sha256:…</c>.</param>
/// <param name="Size">Declared bytes.</param>
public sealed record LayerDescriptor(string MediaType, string Digest, long Size)
{
    /// <summary>Reads a descriptor of <paramref name="where"/> (for messages).</summary>
    public static LayerDescriptor Read(JsonNode? node, string where)
    {
        if (node is not JsonObject descriptor)
        {
            throw Bad($"{where} is not a descriptor object");
        }
        var mediaType = descriptor["mediaType"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : "";
        var digest = descriptor["digest"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
        if (!OciDigest.IsSha256(digest))
        {
            throw Bad($"{where} has no sha256 digest");
        }
        if (descriptor["size"] is not JsonValue s || s.GetValueKind() != JsonValueKind.Number || !s.TryGetValue<long>(out var size) || size < 0)
        {
            throw Bad($"{where} has no valid size");
        }
        if (size > PullLimits.LayerBytes)
        {
            throw Bad($"{where} ({digest}) declares {size} bytes, more than the {PullLimits.LayerBytes >> 20} MiB Capsule accepts for one layer");
        }
        return new LayerDescriptor(mediaType, digest!, size);
    }

    private static RegistryException Bad(string why) => new(RegistryFailure.BadInput, $"the artifact's manifest is not usable: {why}");
}
