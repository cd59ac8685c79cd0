using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Registry;

/// <summary><c>capsule registry push --container-image</c>: the app as a plain container image.</summary>
public static partial class AppPusher
{
    /// <summary>
    /// Pushes the app at <paramref name="appPath"/> to <paramref name="reference"/> as a container
    /// image index (linux/amd64 and linux/arm64, one file-system layer: <see cref="ContainerImagePacker"/>)
    /// that containerd 1.6 pulls, unpacks and runs with Capsule's shim; returns the index's digest.
    /// </summary>
    public static async Task<string> PushContainerImage(string appPath, OciReference reference, bool insecure, Action<string> progress, CancellationToken cancellation)
    {
        if (reference.Digest is not null)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"cannot push to a digest ({reference}): give a tag, e.g. {reference.Registry}/{reference.Repository}:v1");
        }
        var manifest = ManifestLoader.Load(appPath);
        var work = Directory.CreateTempSubdirectory("capsule-push-");
        try
        {
            var layers = SpinAppPacker.Pack(manifest, Path.Combine(work.FullName, "gathered"));
            var (blobs, index) = ContainerImagePacker.Pack(layers, work.FullName, $"{reference} (container image)");
            using var client = new RegistryClient(reference, insecure, push: true, DockerConfig.Find(reference.Registry));
            foreach (var blob in blobs.Where(b => b.MediaType != SpinMediaTypes.OciManifest))
            {
                if (!await client.HasBlob(blob.Digest, cancellation))
                {
                    progress($"pushing {blob.Digest} ({blob.Size} bytes, {blob.MediaType})");
                    await client.PushBlob(blob.Digest, blob.Content, cancellation);
                }
            }
            foreach (var image in blobs.Where(b => b.MediaType == SpinMediaTypes.OciManifest))
            {
                await client.PushManifest(image.Digest, image.Bytes!, SpinMediaTypes.OciManifest, cancellation);
            }
            await client.PushManifest(reference.Tag ?? "latest", index, ContainerImagePacker.IndexMediaType, cancellation);
            return OciDigest.Of(index);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
