using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Capsule.Hosting.Registry;

/// <summary>
/// The app as a plain container image, for runtimes that unpack every layer as a file
/// system (containerd 1.6 refuses Spin's artifact: its config lists no layer diff ids,
/// and its Wasm layers are no tar): one tar+gzip layer holding the folder a pull of the
/// Spin artifact would lay out (the generated <c>capsule.toml</c>, <c>wasm/</c>,
/// <c>files/</c>), at the root of the container's file system, where Capsule's containerd
/// shim finds the manifest. An image index lists it for linux/amd64 and linux/arm64
/// (the same layer: Wasm runs on either).
/// </summary>
internal static class ContainerImagePacker
{
    /// <summary>The CPUs the index lists.</summary>
    public static readonly string[] Architectures = ["amd64", "arm64"];

    /// <summary>The blobs to push (layer, configs, manifests) and the index, from the Spin artifact's <paramref name="layers"/> (locked app last).</summary>
    public static (List<ArtifactLayer> Blobs, byte[] Index) Pack(List<ArtifactLayer> layers, string workFolder, string origin)
    {
        var cache = new RegistryCache(Path.Combine(workFolder, "cache"), isTemporary: true);
        foreach (var layer in layers)
        {
            using var content = layer.FilePath is null ? new MemoryStream(layer.Bytes!) : (Stream)File.OpenRead(layer.FilePath);
            cache.Store(content, long.MaxValue);
        }
        var locked = JsonNode.Parse(layers[^1].Bytes!)!.AsObject();
        var app = Path.Combine(workFolder, "app");
        PrivateFiles.CreateFolder(app);
        PulledAppWriter.Write(locked, cache, app, origin);

        var (layerBlob, diffId) = TarGzip(app, Path.Combine(workFolder, "layer.tar.gz"));
        var blobs = new List<ArtifactLayer> { layerBlob };
        var manifests = new JsonArray();
        foreach (var architecture in Architectures)
        {
            var config = ArtifactLayer.FromBytes(SpinMediaTypes.OciConfig, Encoding.UTF8.GetBytes(ConfigJson(architecture, diffId, layers[^1].Digest)));
            var manifest = ArtifactLayer.FromBytes(SpinMediaTypes.OciManifest, Encoding.UTF8.GetBytes(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = SpinMediaTypes.OciManifest,
                ["config"] = Descriptor(config),
                ["layers"] = new JsonArray(Descriptor(layerBlob)),
            }.ToJsonString(SpinJson.Options)));
            blobs.Add(config);
            blobs.Add(manifest);
            var entry = Descriptor(manifest);
            entry["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
            manifests.Add((JsonNode)entry);
        }
        var index = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = IndexMediaType,
            ["manifests"] = manifests,
        }.ToJsonString(SpinJson.Options));
        return (blobs, index);
    }

    /// <summary>The OCI image index's media type.</summary>
    public const string IndexMediaType = "application/vnd.oci.image.index.v1+json";

    private const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";

    // Deterministic: sorted names, time 0, owner root; the same app makes the same layer.
    private static (ArtifactLayer Layer, string DiffId) TarGzip(string folder, string target)
    {
        using var uncompressedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = File.Create(target))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        using (var hashing = new HashingWriter(gzip, uncompressedHash))
        using (var tar = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entries = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
            foreach (var path in entries)
            {
                var name = Path.GetRelativePath(folder, path).Replace('\\', '/');
                var isFolder = Directory.Exists(path);
                var entry = new PaxTarEntry(isFolder ? TarEntryType.Directory : TarEntryType.RegularFile, isFolder ? name + "/" : name)
                {
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    Mode = isFolder ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
                    Uid = 0,
                    Gid = 0,
                };
                if (!isFolder)
                {
                    entry.DataStream = File.OpenRead(path);
                }
                tar.WriteEntry(entry);
                entry.DataStream?.Dispose();
            }
        }
        var diffId = "sha256:" + Convert.ToHexStringLower(uncompressedHash.GetHashAndReset());
        return (ArtifactLayer.FromFile(LayerMediaType, target), diffId);
    }

    private static string ConfigJson(string architecture, string diffId, string lockedAppDigest) => new JsonObject
    {
        ["architecture"] = architecture,
        ["os"] = "linux",
        ["config"] = new JsonObject { ["Labels"] = new JsonObject { [SpinMediaTypes.LockedAppDigestLabel] = lockedAppDigest } },
        ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
    }.ToJsonString(SpinJson.Options);

    private static JsonObject Descriptor(ArtifactLayer layer) => new()
    {
        ["mediaType"] = layer.MediaType,
        ["digest"] = layer.Digest,
        ["size"] = layer.Size,
    };

    // Hashes what passes through to the compressor: the uncompressed tar's digest is the layer's diff id.
    private sealed class HashingWriter(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }
    }
}
