using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Registry;

/// <summary><c>capsule registry push</c>: an app folder to a registry, in Spin's layout.</summary>
public static partial class AppPusher
{
    /// <summary>
    /// Pushes the app at <paramref name="appPath"/> (a folder or its manifest) to
    /// <paramref name="reference"/> and returns the manifest's digest. A bad manifest is a
    /// <see cref="ManifestException"/>; registry failures are <see cref="RegistryException"/>s.
    /// </summary>
    public static async Task<string> Push(string appPath, OciReference reference, bool insecure, Action<string> progress, CancellationToken cancellation)
    {
        if (reference.Digest is not null)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"cannot push to a digest ({reference}): give a tag, e.g. {reference.Registry}/{reference.Repository}:v1");
        }
        var manifest = ManifestLoader.Load(appPath);
        var work = Directory.CreateTempSubdirectory("capsule-push-");
        try
        {
            var layers = SpinAppPacker.Pack(manifest, work.FullName);
            var config = ArtifactLayer.FromBytes(SpinMediaTypes.OciConfig, Encoding.UTF8.GetBytes(ConfigJson(layers[^1].Digest)));
            var manifestBytes = Encoding.UTF8.GetBytes(ManifestJson(config, layers, manifest.Application));
            using var client = new RegistryClient(reference, insecure, push: true, DockerConfig.Find(reference.Registry));
            foreach (var layer in layers.Append(config))
            {
                if (await client.HasBlob(layer.Digest, cancellation))
                {
                    continue;
                }
                progress($"pushing {layer.Digest} ({layer.Size} bytes, {layer.MediaType})");
                await client.PushBlob(layer.Digest, layer.Content, cancellation);
            }
            await client.PushManifest(reference.Tag ?? "latest", manifestBytes, SpinMediaTypes.OciManifest, cancellation);
            return OciDigest.Of(manifestBytes);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    // An OCI image config as Spin writes it: architecture wasm, os wasip1, the locked app's digest as a label
    // (so apps differ in config digest, as container runtimes expect).
    private static string ConfigJson(string lockedAppDigest) => new JsonObject
    {
        ["architecture"] = "wasm",
        ["os"] = "wasip1",
        ["config"] = new JsonObject { ["Labels"] = new JsonObject { [SpinMediaTypes.LockedAppDigestLabel] = lockedAppDigest } },
        ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
    }.ToJsonString(SpinJson.Options);

    private static string ManifestJson(ArtifactLayer config, List<ArtifactLayer> layers, ApplicationInfo application)
    {
        var annotations = new JsonObject
        {
            ["org.opencontainers.image.title"] = application.Name,
            ["org.opencontainers.image.created"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (application.Version is { } version)
        {
            annotations["org.opencontainers.image.version"] = version;
        }
        if (application.Description is { Length: > 0 } description)
        {
            annotations["org.opencontainers.image.description"] = description;
        }
        return new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = SpinMediaTypes.OciManifest,
            ["config"] = Descriptor(config),
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)Descriptor(l))]),
            ["annotations"] = annotations,
        }.ToJsonString(SpinJson.Options);
    }

    private static JsonObject Descriptor(ArtifactLayer layer) => new()
    {
        ["mediaType"] = layer.MediaType,
        ["digest"] = layer.Digest,
        ["size"] = layer.Size,
    };
}
