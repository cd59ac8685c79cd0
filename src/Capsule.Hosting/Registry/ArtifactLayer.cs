namespace Capsule.Hosting.Registry;

/// <summary>One blob of an artifact to push: its descriptor and where its bytes are.</summary>
/// <param name="MediaType">e.g. <see cref="SpinMediaTypes.Wasm"/>.</param>
/// <param name="Digest"><c>sha256:…</c> of the bytes.</param>
/// <param name="Size">Bytes.</param>
/// <param name="FilePath">The file holding the bytes, or null when <paramref name="Bytes"/> holds them.</param>
/// <param name="Bytes">The bytes, for small generated blobs (locked app, config).</param>
internal sealed record ArtifactLayer(string MediaType, string Digest, long Size, string? FilePath, byte[]? Bytes)
{
    public static ArtifactLayer FromBytes(string mediaType, byte[] bytes) => new(mediaType, OciDigest.Of(bytes), bytes.Length, null, bytes);

    public static ArtifactLayer FromFile(string mediaType, string path) => new(mediaType, OciDigest.OfFile(path), new FileInfo(path).Length, path, null);

    public HttpContent Content() => FilePath is null
        ? new ByteArrayContent(Bytes!) { Headers = { ContentType = new("application/octet-stream") } }
        : new StreamContent(File.OpenRead(FilePath)) { Headers = { ContentType = new("application/octet-stream"), ContentLength = Size } };
}
