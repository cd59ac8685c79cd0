using System.Text.Json;
using System.Text.Json.Nodes;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Artifacts;

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
/// A cached app is served again only when it still matches its manifest: the manifest and locked
/// app kept beside it (<c>.pulled/</c>) must hold the folder's digest, and every file the content
/// the locked app names (<see cref="PulledAppWriter.Verify"/>); else it is removed and pulled again.
/// </summary>
public static class AppPuller
{
    /// <summary>Pulls <paramref name="reference"/> into <paramref name="cache"/>; failures are <see cref="RegistryException"/>s.</summary>
    public static async Task<PulledApp> Pull(OciReference reference, bool insecure, RegistryCache cache, Action<string> progress, CancellationToken cancellation)
    {
        if (reference.Digest is { } pinned && Cached(cache, pinned, progress))
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
        if (reference.Digest is not null || !Cached(cache, digest, progress))
        {
            var (config, layers) = ReadManifest(manifestBytes, reference);
            var locked = layers.FirstOrDefault(l => l.MediaType == SpinMediaTypes.LockedApp)
                ?? (config.MediaType == SpinMediaTypes.LockedApp ? config : null)
                ?? throw new RegistryException(RegistryFailure.BadInput, $"{reference} is not a Spin app: no layer of type {SpinMediaTypes.LockedApp}");
            // Staged: a pull refused half-way (a bound, a bad layer, a signal) keeps nothing.
            using var stage = cache.Stage();
            await FetchLayers(client, cache, stage, layers.Contains(locked) ? layers : [.. layers, locked], reference, progress, cancellation);
            Lay(cache, manifestBytes, locked, folder, $"{reference.PinnedTo(digest)}");
            stage.Commit();
        }
        Check(folder, reference);
        return new PulledApp(folder, digest);
    }

    private static async Task FetchLayers(RegistryClient client, RegistryCache cache, StagedBlobs stage, List<LayerDescriptor> layers, OciReference reference, Action<string> progress, CancellationToken cancellation)
    {
        if (layers.Sum(l => l.Size) > PullLimits.AppBytes)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"{reference}: its layers add up to more than the {PullLimits.AppBytes >> 20} MiB Capsule accepts for one app");
        }
        long unpacked = 0;
        var files = 0;
        foreach (var layer in layers)
        {
            if (cache.Existing(layer.Digest) is null)
            {
                progress($"pulling {layer.Digest} ({layer.Size} bytes, {layer.MediaType})");
            }
            await cache.Fetch(client, layer, reference.ToString(), cancellation);
            if (layer.MediaType == SpinMediaTypes.Archive)
            {
                ArchiveLayer.Unpack(cache, stage, layer.Digest, ref unpacked, ref files);
            }
        }
    }

    // Written beside the final folder, then renamed: a folder under apps/ is always complete.
    private static void Lay(RegistryCache cache, byte[] manifest, LayerDescriptor lockedLayer, string folder, string origin)
    {
        if (lockedLayer.Size > PullLimits.LockedAppBytes)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"the locked app ({lockedLayer.Size} bytes) is larger than the {PullLimits.LockedAppBytes >> 20} MiB Capsule reads");
        }
        var lockedBytes = File.ReadAllBytes(cache.Existing(lockedLayer.Digest) ?? cache.BlobPath(lockedLayer.Digest));
        var locked = ReadLocked(lockedBytes);
        var partial = cache.TemporaryPath("apps");
        PrivateFiles.CreateFolder(partial);
        try
        {
            PulledAppWriter.Write(locked, cache, partial, origin);
            // Kept to check the app against before it is served again.
            PrivateFiles.CreateFolder(Path.Combine(partial, KeptFolder));
            File.WriteAllBytes(Path.Combine(partial, KeptFolder, KeptManifest), manifest);
            File.WriteAllBytes(Path.Combine(partial, KeptFolder, KeptLocked), lockedBytes);
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

    internal static JsonObject ReadLocked(byte[] bytes)
    {
        JsonObject locked;
        try
        {
            locked = JsonNode.Parse(bytes) as JsonObject
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
        return locked;
    }

    // True when the app of manifest digest is in the cache and still matches it. One that does
    // not (changed on disk, or pulled by a Capsule that kept nothing to check) is removed.
    private static bool Cached(RegistryCache cache, string digest, Action<string> progress)
    {
        var folder = cache.AppFolder(digest);
        if (!Directory.Exists(folder) && CacheTrust.Problem(folder) is null)
        {
            return false;
        }
        try
        {
            PulledAppCheck.Trusted(folder);
            var manifestPath = Path.Combine(folder, KeptFolder, KeptManifest);
            var lockedPath = Path.Combine(folder, KeptFolder, KeptLocked);
            foreach (var path in new[] { Path.Combine(folder, KeptFolder), manifestPath, lockedPath })
            {
                PulledAppCheck.Trusted(path);
            }
            if (!File.Exists(manifestPath) || !File.Exists(lockedPath))
            {
                throw new RegistryException(RegistryFailure.Unavailable, "it keeps no manifest to check it against");
            }
            var manifestBytes = File.ReadAllBytes(manifestPath);
            if (OciDigest.Of(manifestBytes) != digest)
            {
                throw new RegistryException(RegistryFailure.Unavailable, "its kept manifest does not match the folder's digest");
            }
            var reference = OciReference.Parse($"cached/app@{digest}");
            var (config, layers) = ReadManifest(manifestBytes, reference);
            var lockedDigest = (layers.FirstOrDefault(l => l.MediaType == SpinMediaTypes.LockedApp) ?? config).Digest;
            var lockedBytes = File.ReadAllBytes(lockedPath);
            if (OciDigest.Of(lockedBytes) != lockedDigest)
            {
                throw new RegistryException(RegistryFailure.Unavailable, "its kept locked app does not match its manifest");
            }
            PulledAppWriter.Verify(ReadLocked(lockedBytes), folder);
            return true;
        }
        catch (Exception e) when (e is RegistryException or IOException or UnauthorizedAccessException)
        {
            progress($"the cached app {folder} does not match its manifest ({e.Message}): removed, pulling it again");
            try
            {
                Remove(folder);
            }
            catch (Exception removing) when (removing is IOException or UnauthorizedAccessException)
            {
                throw new RegistryException(RegistryFailure.Unavailable, $"the cached app {folder} does not match its manifest and cannot be removed ({removing.Message})");
            }
            return false;
        }
    }

    // Renamed aside first, so a half-removed folder never stands under the digest.
    private static void Remove(string folder)
    {
        var aside = Path.Combine(Path.GetDirectoryName(folder)!, $".stale-{Guid.NewGuid():N}");
        if (File.Exists(folder) || (File.GetAttributes(folder) & FileAttributes.ReparsePoint) != 0)
        {
            File.Delete(folder);
            return;
        }
        Directory.Move(folder, aside);
        try
        {
            Directory.Delete(aside, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files another user owns: out of the way under a dot name, never served.
        }
    }

    private const string KeptFolder = ".pulled";
    private const string KeptManifest = "manifest.json";
    private const string KeptLocked = "locked-app.json";

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

    internal static (LayerDescriptor Config, List<LayerDescriptor> Layers) ReadManifest(byte[] bytes, OciReference reference)
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
