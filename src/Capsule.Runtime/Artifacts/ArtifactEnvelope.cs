using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Capsule.Runtime.Artifacts;

/// <summary>
/// The on-disk format of a cache entry: Wasmtime's serialized artifact,
/// followed by a fixed trailer (magic, format version, the key it was stored
/// under, payload length and XxHash128). The payload comes first so that
/// Wasmtime maps the entry file itself (its ELF reader ignores the trailer)
/// instead of copying it. Wasmtime checks its own version and settings, but
/// not that the machine code is intact; the payload hash does, so a flipped
/// byte or a torn file is rejected before any code is mapped executable. The
/// hash guards against damage, not forgery (a forger could recompute any
/// unkeyed hash; <see cref="CacheTrust"/> keeps forgers out), so a fast one
/// serves: hashing a 37 MB artifact takes milliseconds, not tens of them.
/// </summary>
internal static class ArtifactEnvelope
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("CAPSULE-ARTIFACT");
    private const uint FormatVersion = 2;
    private const int KeyLength = 32;
    private const int HashLength = 16;
    private const int ChunkBytes = 1 << 20;

    /// <summary>Trailer size: magic 16, version 4, key 32, payload length 8, hash 16.</summary>
    public const int TrailerLength = 16 + 4 + KeyLength + 8 + HashLength;

    /// <summary>The whole entry: <paramref name="payload"/> then its trailer.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        var entry = new byte[payload.Length + TrailerLength];
        payload.CopyTo(entry);
        var trailer = entry.AsSpan(payload.Length);
        Magic.CopyTo(trailer);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[16..], FormatVersion);
        key.CopyTo(trailer[20..]);
        BinaryPrimitives.WriteInt64LittleEndian(trailer[52..], payload.Length);
        XxHash128.Hash(payload, trailer[60..]);
        return entry;
    }

    /// <summary>
    /// Null if the entry in <paramref name="file"/> is whole and was stored
    /// under <paramref name="key"/>; otherwise the reason it is not. Reads the
    /// payload in chunks (never the whole entry into memory).
    /// </summary>
    public static string? Check(SafeFileHandle file, ReadOnlySpan<byte> key)
    {
        var length = RandomAccess.GetLength(file);
        if (length < TrailerLength)
        {
            return $"truncated ({length} bytes)";
        }
        Span<byte> trailer = stackalloc byte[TrailerLength];
        if (RandomAccess.Read(file, trailer, length - TrailerLength) != TrailerLength)
        {
            return "truncated while reading";
        }
        if (!trailer[..16].SequenceEqual(Magic))
        {
            return "not a Capsule artifact (bad magic)";
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(trailer[16..]) != FormatVersion)
        {
            return "written by another Capsule cache format";
        }
        if (!trailer.Slice(20, KeyLength).SequenceEqual(key))
        {
            return "stored under another key";
        }
        if (BinaryPrimitives.ReadInt64LittleEndian(trailer[52..]) != length - TrailerLength)
        {
            return "payload length does not match the trailer (truncated?)";
        }
        Span<byte> hash = stackalloc byte[HashLength];
        if (!HashPayload(file, length - TrailerLength, hash))
        {
            return "truncated while reading";
        }
        return hash.SequenceEqual(trailer.Slice(60, HashLength)) ? null : "payload hash mismatch (corrupted)";
    }

    private static bool HashPayload(SafeFileHandle file, long payloadLength, Span<byte> hash)
    {
        var hasher = new XxHash128();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (long offset = 0; offset < payloadLength;)
            {
                var want = (int)Math.Min(ChunkBytes, payloadLength - offset);
                var read = RandomAccess.Read(file, buffer.AsSpan(0, want), offset);
                if (read == 0)
                {
                    return false;
                }
                hasher.Append(buffer.AsSpan(0, read));
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        hasher.GetCurrentHash(hash);
        return true;
    }
}
