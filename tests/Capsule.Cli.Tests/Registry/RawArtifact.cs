using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// Pushes an artifact byte for byte over the distribution API, as another tool (spin registry
/// push, or a hostile one) would: a config, layers and a manifest the test writes itself.
/// </summary>
public static class RawArtifact
{
    public sealed record Layer(string MediaType, byte[] Bytes, long? DeclaredSize = null)
    {
        public string Digest => DigestOf(Bytes);
    }

    public static string DigestOf(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Pushes <paramref name="layers"/> and a manifest listing them under <paramref name="tag"/>; returns the manifest digest.</summary>
    public static async Task<string> Push(string registry, string repository, string tag, byte[] config, IReadOnlyList<Layer> layers, string configMediaType = "application/vnd.oci.image.config.v1+json")
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{registry}/v2/{repository}/") };
        var configLayer = new Layer(configMediaType, config);
        foreach (var layer in layers.Append(configLayer))
        {
            using var started = await http.PostAsync("blobs/uploads/", null);
            started.EnsureSuccessStatusCode();
            var location = started.Headers.Location!;
            var url = location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);
            var separator = url.Query.Length > 0 ? "&" : "?";
            using var content = new ByteArrayContent(layer.Bytes);
            using var put = await http.PutAsync(url + separator + "digest=" + Uri.EscapeDataString(layer.Digest), content);
            put.EnsureSuccessStatusCode();
        }
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor(configLayer),
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)Descriptor(l))]),
        };
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        using var body = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json") } };
        using var response = await http.PutAsync($"manifests/{tag}", body);
        response.EnsureSuccessStatusCode();
        return DigestOf(bytes);
    }

    /// <summary>The manifest under <paramref name="reference"/>, as JSON.</summary>
    public static async Task<JsonObject> Manifest(string registry, string repository, string reference)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{registry}/v2/{repository}/manifests/{reference}");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Blob <paramref name="digest"/>'s bytes.</summary>
    public static async Task<byte[]> Blob(string registry, string repository, string digest)
    {
        using var http = new HttpClient();
        return await http.GetByteArrayAsync($"http://{registry}/v2/{repository}/blobs/{digest}");
    }

    private static JsonObject Descriptor(Layer layer) => new()
    {
        ["mediaType"] = layer.MediaType,
        ["digest"] = layer.Digest,
        ["size"] = layer.DeclaredSize ?? layer.Bytes.Length,
    };
}
