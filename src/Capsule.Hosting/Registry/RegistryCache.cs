using System.Security.Cryptography;
using Capsule.Runtime.Artifacts;

namespace Capsule.Hosting.Registry;

/// <summary>
/// Pulled content, by digest, under the cache folder (<c>~/.cache/capsule/registry</c>, or
/// <c>$CAPSULE_CACHE_DIR/registry</c>): <c>blobs/sha256/&lt;hex&gt;</c> holds layers whose
/// content was checked against their digest before they were kept; <c>apps/&lt;hex&gt;</c> holds
/// the app made from a manifest of that digest, renamed into place only once complete.
/// Folders are private to the user (0700). A cache another local user could write is not used
/// (<see cref="Open"/>), by the artifact cache's rule (<see cref="CacheTrust"/>): a planted app
/// would be served with whatever grants its planter wrote.
/// </summary>
public sealed class RegistryCache(string root, bool isTemporary = false)
{
    /// <summary>The cache under <paramref name="cacheDir"/>, else the default cache folder (see <see cref="CacheLocation"/>), unchecked.</summary>
    public static RegistryCache At(string? cacheDir) => new(Path.Combine(CacheLocation.Resolve(cacheDir), "registry"));

    /// <summary>
    /// The cache under <paramref name="cacheDir"/> when every folder of it may be trusted (created
    /// 0700 where missing); else a fresh private temporary folder, after one <paramref name="warn"/>ing
    /// naming the folder and why (<see cref="IsTemporary"/>: the caller removes it when done).
    /// </summary>
    public static RegistryCache Open(string? cacheDir, Action<string> warn)
    {
        var cacheRoot = CacheLocation.Resolve(cacheDir);
        var cache = new RegistryCache(Path.Combine(cacheRoot, "registry"));
        if (cache.Untrusted(cacheRoot) is not { } problem)
        {
            return cache;
        }
        var temporary = System.IO.Directory.CreateTempSubdirectory("capsule-registry-").FullName;
        warn($"warning: the registry cache is not used: {problem}; pulling into the private temporary folder {temporary} instead");
        return new RegistryCache(temporary, isTemporary: true);
    }

    /// <summary>True for a private temporary folder used in place of an untrusted cache.</summary>
    public bool IsTemporary { get; } = isTemporary;

    /// <summary>The cache's own folder (<c>…/registry</c>).</summary>
    public string Root => root;

    /// <summary>Removes a temporary cache (nothing for the real one).</summary>
    public void RemoveIfTemporary()
    {
        if (IsTemporary && System.IO.Directory.Exists(root))
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    // Each folder from the cache root down to blobs/sha256 and apps/ must be this user's and
    // writable by nobody else; missing ones are created private, then checked again (a race).
    private string? Untrusted(string cacheRoot)
    {
        string[] folders = [cacheRoot, root, Path.Combine(root, "apps"), Path.Combine(root, "blobs"), Path.Combine(root, "blobs", "sha256")];
        foreach (var folder in folders)
        {
            if (CacheTrust.Problem(folder) is { } problem)
            {
                return $"{folder} {problem}";
            }
            if (!System.IO.Directory.Exists(folder))
            {
                try
                {
                    PrivateFiles.CreateFolder(folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return $"{folder} cannot be created ({e.Message})";
                }
                if (CacheTrust.Problem(folder) is { } raced)
                {
                    return $"{folder} {raced}";
                }
            }
        }
        return null;
    }

    /// <summary>The folder of the app made from manifest <paramref name="manifestDigest"/>.</summary>
    public string AppFolder(string manifestDigest) => Path.Combine(root, "apps", OciDigest.Hex(manifestDigest));

    /// <summary>Where blob <paramref name="digest"/> is kept (it may not be there).</summary>
    public string BlobPath(string digest) => Path.Combine(root, "blobs", "sha256", OciDigest.Hex(digest));

    private StagedBlobs? _staged;

    /// <summary>
    /// Starts staging one pull: until the returned stage commits, blobs fetched or unpacked go to
    /// a private folder of their own, removed when it is disposed; what they add up to is bounded
    /// by the room <see cref="RegistryCacheBound"/> leaves beside what the cache holds.
    /// </summary>
    public StagedBlobs Stage()
    {
        var held = SizeOf(root);
        _staged = new StagedBlobs(this, TemporaryPath("staging"), Math.Max(0, RegistryCacheBound.Bytes - held));
        return _staged;
    }

    internal void EndStaging(StagedBlobs stage)
    {
        if (_staged == stage)
        {
            _staged = null;
        }
    }

    /// <summary>Where blob <paramref name="digest"/> is, kept or staged by the current pull; null when neither.</summary>
    public string? Existing(string digest)
    {
        var kept = BlobPath(digest);
        return File.Exists(kept) ? kept
            : _staged is not null && File.Exists(_staged.PathOf(digest)) ? _staged.PathOf(digest)
            : null;
    }

    // A new blob goes to the stage when there is one.
    private string NewBlobPath(string digest)
    {
        if (_staged is not null)
        {
            return _staged.PathOf(digest);
        }
        var path = BlobPath(digest);
        PrivateFiles.CreateFolder(Path.GetDirectoryName(path)!);
        return path;
    }

    private static long SizeOf(string folder)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            return 0;
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return new DirectoryInfo(folder).EnumerateFiles("*", options).Sum(f => f.Length);
    }

    /// <summary>A fresh path next to the blobs, for a download in progress.</summary>
    public string TemporaryPath(string folder = "blobs")
    {
        var parent = Path.Combine(root, folder);
        PrivateFiles.CreateFolder(parent);
        return Path.Combine(parent, $".partial-{Guid.NewGuid():N}");
    }

    /// <summary>Downloads <paramref name="layer"/> unless kept already; its content must match its digest and size.</summary>
    public async Task Fetch(RegistryClient client, LayerDescriptor layer, string reference, CancellationToken cancellation)
    {
        if (Existing(layer.Digest) is not null)
        {
            return;
        }
        _staged?.Charge(layer.Size, $"{reference}: layer {layer.Digest} ({layer.Size} bytes)");
        var path = NewBlobPath(layer.Digest);
        var temporary = TemporaryPath();
        try
        {
            using (var hash = new HashingStream(PrivateFiles.CreateFile(temporary, FileMode.CreateNew)))
            {
                await client.PullBlob(layer.Digest, hash, layer.Size, cancellation);
                var actual = hash.Digest();
                if (actual != layer.Digest || hash.Length != layer.Size)
                {
                    throw new RegistryException(RegistryFailure.Unavailable,
                        $"{reference}: layer {layer.Digest} does not match its digest (got {actual}, {hash.Length} of {layer.Size} bytes): refused");
                }
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Keeps <paramref name="content"/> (at most <paramref name="maxBytes"/>) as a blob under its own digest, and returns the digest.</summary>
    public string Store(Stream content, long maxBytes)
    {
        var temporary = TemporaryPath();
        try
        {
            string digest;
            using (var hash = new HashingStream(PrivateFiles.CreateFile(temporary, FileMode.CreateNew)))
            {
                BoundedCopy.To(content, hash, maxBytes, () => new RegistryException(RegistryFailure.BadInput,
                    $"an archive layer holds a file of more than {maxBytes >> 20} MiB"), CancellationToken.None).GetAwaiter().GetResult();
                digest = hash.Digest();
            }
            File.Move(temporary, NewBlobPath(digest), overwrite: true);
            return digest;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Copies kept blob <paramref name="digest"/> to <paramref name="target"/> (a new file), checking its content again on the way.</summary>
    public void CopyBlob(string digest, string target, string what)
    {
        if (Existing(digest) is not { } source)
        {
            throw new RegistryException(RegistryFailure.BadInput, $"{what}: its content {digest} is not in the artifact (no layer has it)");
        }
        string actual;
        using (var reader = File.OpenRead(source))
        using (var writer = new HashingStream(PrivateFiles.CreateFile(target, FileMode.CreateNew)))
        {
            reader.CopyTo(writer);
            actual = writer.Digest();
        }
        if (actual != digest)
        {
            File.Delete(source);
            throw new RegistryException(RegistryFailure.Unavailable, $"{what}: the cached layer {digest} was changed on disk (now {actual}); it was removed, pull again");
        }
    }

    // Writes through to a file while hashing what passes.
    private sealed class HashingStream(FileStream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override long Length => inner.Length;

        public string Digest() => "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
