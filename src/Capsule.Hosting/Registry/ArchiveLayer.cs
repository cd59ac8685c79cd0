using System.Formats.Tar;
using System.IO.Compression;

namespace Capsule.Hosting.Registry;

/// <summary>
/// Unpacks Spin's archive layers (a gzipped tar of a component's files). The locked app names
/// each file by the digest of its content, so entries are kept as blobs under their own digest
/// and their names in the tar are never used: "../x", absolute names and links cannot place
/// anything. Regular files only; at most <see cref="PullLimits.Files"/> entries and
/// <see cref="PullLimits.AppBytes"/> unpacked bytes.
/// </summary>
internal static class ArchiveLayer
{
    public static void Unpack(RegistryCache cache, StagedBlobs? stage, string digest, ref long unpackedBytes, ref int files)
    {
        using var file = File.OpenRead(cache.Existing(digest) ?? cache.BlobPath(digest));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        try
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }
                if (++files > PullLimits.Files)
                {
                    throw Bad($"more than {PullLimits.Files} files");
                }
                var room = Math.Min(PullLimits.LayerBytes, PullLimits.AppBytes - unpackedBytes);
                if (entry.Length > room)
                {
                    throw Bad($"more than {PullLimits.AppBytes >> 20} MiB of files, or a file over {PullLimits.LayerBytes >> 20} MiB");
                }
                stage?.Charge(entry.Length, $"archive layer {digest}: its files");
                unpackedBytes += entry.Length;
                cache.Store(entry.DataStream, room);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw Bad($"not a valid tar.gz ({e.Message})");
        }

        RegistryException Bad(string why) => new(RegistryFailure.BadInput, $"archive layer {digest}: {why}");
    }
}
