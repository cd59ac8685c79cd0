using System.Text.Json;
using System.Text.Json.Nodes;
using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Registry;

/// <summary>A pulled app: the folder <c>capsule up</c> serves, and the manifest digest it was made from.</summary>
/// <param name="Folder">The app folder in the cache (holds capsule.toml).</param>
/// <param name="Digest">The image manifest's digest: <c>REF@Digest</c> pins this exact app.</param>
public sealed record PulledApp(string Folder, string Digest);

/// <summary>
/// <c>capsule registry pull</c>: fetches an app in Spin's layout (a layer of the locked app, or
/// for apps pushed by older Spin the config blob; Wasm, data and archive layers), each layer
/// checked against its digest, and lays it out in the cache under the manifest's digest. A
/// reference pinned by digest whose app is in the cache is served from there without the network.
/// </summary>
public static class AppPuller
{
    /// <summary>Pulls <paramref name="reference"/> into <paramref name="cache"/>; failures are <see cref="RegistryException"/>s.</summary>
    public static async Task<PulledApp> Pull(OciReference reference, bool insecure, RegistryCache cache, Action<string> progress, CancellationToken cancellation)
    {
        if (reference.Digest is { } pinned && File.Exists(Path.Combine(cache.AppFolder(pinned), ManifestLoader.FileName)))
        {
            return new PulledApp(cache.AppFolder(pinned), pinned);
        }
        using var client = new RegistryClient(reference, insecure, push: false, DockerConfig.Find(reference.Registry));
        var manifestBytes = await client.PullManifest(reference.ManifestReference, PullLimits.ManifestBytes, cancellation);
        var digest = OciDigest.Of(manifestBytes);
        if (reference.Digest is not null && digest != reference.Digest)
        {
            throw new RegistryException(RegistryFailure.Unavailable, $"{reference}: the registry sent a manifest whose digest is {digest}: refused");
        }
        var folder = cache.AppFolder(digest);
        if (!File.Exists(Path.Combine(folder, ManifestLoader.FileName)))
        {
            var (config, layers) = ReadManifest(manifestBytes, reference);
            var locked = layers.FirstOrDefault(l => l.MediaType == SpinMediaTypes.LockedApp)
                ?? (config.MediaType == SpinMediaTypes.LockedApp ? config : null)
                ?? throw new RegistryException(RegistryFailure.BadInput, $"{reference} is not a Spin app: no layer of type {SpinMediaTypes.LockedApp}");
            await FetchLayers(client, cache, layers.Contains(locked) ? layers : [.. layers, locked], reference, progress, cancellation);
            Lay(cache, locked, folder, $"{reference.PinnedTo(digest)}");
        }
        Check(folder, reference);
        return new PulledApp(folder, digest);
    }

    private static async Task FetchLayers(RegistryClient client, RegistryCache cache, List<LayerDescriptor> layers, OciReference reference, Action<string> progress, CancellationToken cancellation)
    {
        if (layers.Sum(l => l.Size) > PullLimits.AppBytes)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"{reference}: its layers add up to more than the {PullLimits.AppBytes >> 20} MiB Capsule accepts for one app");
        }
        long unpacked = 0;
        var files = 0;
        foreach (var layer in layers)
        {
            if (!File.Exists(cache.BlobPath(layer.Digest)))
            {
                progress($"pulling {layer.Digest} ({layer.Size} bytes, {layer.MediaType})");
            }
            await cache.Fetch(client, layer, reference.ToString(), cancellation);
            if (layer.MediaType == SpinMediaTypes.Archive)
            {
                ArchiveLayer.Unpack(cache, layer.Digest, ref unpacked, ref files);
            }
        }
    }

    // Written beside the final folder, then renamed: a folder under apps/ is always complete.
    private static void Lay(RegistryCache cache, LayerDescriptor lockedLayer, string folder, string origin)
    {
        if (lockedLayer.Size > PullLimits.LockedAppBytes)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"the locked app ({lockedLayer.Size} bytes) is larger than the {PullLimits.LockedAppBytes >> 20} MiB Capsule reads");
        }
        JsonObject locked;
        try
        {
            locked = JsonNode.Parse(File.ReadAllBytes(cache.BlobPath(lockedLayer.Digest))) as JsonObject
                ?? throw new RegistryException(RegistryFailure.BadInput, "the locked app is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"the locked app is not valid JSON ({e.Message})");
        }
        if (locked["spin_lock_version"] is not JsonValue)
        {
            throw new RegistryException(RegistryFailure.BadInput, "the artifact is not a Spin app (its locked app has no spin_lock_version)");
        }
        var partial = cache.TemporaryPath("apps");
        PrivateFiles.CreateFolder(partial);
        try
        {
            PulledAppWriter.Write(locked, cache, partial, origin);
            try
            {
                Directory.Move(partial, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another pull of the same digest finished first: its folder is the same.
            }
        }
        finally
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
        }
    }

    // The generated manifest goes through the same reader as any app: what Capsule cannot serve is said now.
    private static void Check(string folder, OciReference reference)
    {
        try
        {
            ManifestLoader.Load(folder);
        }
        catch (ManifestException e)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"{reference}: the pulled app cannot be served: {e.Message}");
        }
    }

    private static (LayerDescriptor Config, List<LayerDescriptor> Layers) ReadManifest(byte[] bytes, OciReference reference)
    {
        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(bytes) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"{reference}: the manifest is not valid JSON ({e.Message})");
        }
        if (manifest["manifests"] is not null)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"{reference} is an image index (a multi-platform image), not a Spin app");
        }
        var layers = manifest["layers"] as JsonArray ?? throw new RegistryException(RegistryFailure.BadInput, $"{reference}: the manifest has no layers");
        if (layers.Count > PullLimits.Layers)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"{reference}: the manifest has {layers.Count} layers, more than the {PullLimits.Layers} Capsule accepts");
        }
        return (LayerDescriptor.Read(manifest["config"], "config"),
            [.. layers.Select((l, i) => LayerDescriptor.Read(l, $"layer {i}")).DistinctBy(l => l.Digest)]);
    }
}
