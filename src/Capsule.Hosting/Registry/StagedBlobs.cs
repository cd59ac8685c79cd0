namespace Capsule.Hosting.Registry;

/// <summary>
/// The blobs one pull downloads or unpacks, kept in a private folder of their own until the app
/// is complete (<see cref="Commit"/> moves them among the cache's blobs); a pull that fails
/// leaves nothing, as <see cref="Dispose"/> removes the folder. Counts what it writes against
/// the room the cache's bound leaves (<see cref="RegistryCacheBound"/>).
/// </summary>
public sealed class StagedBlobs : IDisposable
{
    private readonly RegistryCache _cache;
    private long _room;

    internal StagedBlobs(RegistryCache cache, string folder, long room)
    {
        _cache = cache;
        Folder = folder;
        _room = room;
        PrivateFiles.CreateFolder(folder);
    }

    /// <summary>The staging folder.</summary>
    public string Folder { get; }

    /// <summary>Bytes this pull may still write.</summary>
    public long Room => _room;

    /// <summary>Where a staged blob of <paramref name="digest"/> is (it may not be there).</summary>
    public string PathOf(string digest) => Path.Combine(Folder, OciDigest.Hex(digest));

    /// <summary>Counts <paramref name="bytes"/> about to be written; throws when past the cache's bound.</summary>
    public void Charge(long bytes, string what)
    {
        if (bytes > _room)
        {
            throw RegistryCacheBound.Exceeded(what);
        }
        _room -= bytes;
    }

    /// <summary>Moves every staged blob among the cache's kept blobs.</summary>
    public void Commit()
    {
        PrivateFiles.CreateFolder(Path.GetDirectoryName(_cache.BlobPath("sha256:0"))!);
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            var name = Path.GetFileName(file);
            if (!name.StartsWith('.'))
            {
                File.Move(file, _cache.BlobPath("sha256:" + name), overwrite: true);
            }
        }
    }

    /// <summary>Removes the staging folder and what is left in it.</summary>
    public void Dispose()
    {
        _cache.EndStaging(this);
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// <summary>
/// The registry cache's size bound: a pull that would grow the cache past it is refused (exit
/// 2) and leaves nothing. <c>$CAPSULE_REGISTRY_CACHE_MIB</c> sets it in MiB (default 16 GiB);
/// remove folders under <c>registry/apps</c> and <c>registry/blobs</c> to make room.
/// </summary>
internal static class RegistryCacheBound
{
    /// <summary>The environment variable that sets the bound, in MiB.</summary>
    public const string EnvironmentVariable = "CAPSULE_REGISTRY_CACHE_MIB";

    /// <summary>The bound in bytes.</summary>
    public static long Bytes =>
        long.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var mib) && mib > 0 && mib < (1L << 43)
            ? mib << 20 : 16L << 30;

    /// <summary>The one-line refusal for <paramref name="what"/>.</summary>
    public static RegistryException Exceeded(string what) => new(RegistryFailure.BadInput,
        $"{what} would grow the registry cache past its bound of {Bytes >> 20} MiB (${EnvironmentVariable}); nothing was kept");
}
