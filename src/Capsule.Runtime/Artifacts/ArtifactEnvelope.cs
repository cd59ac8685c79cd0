using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Capsule.Runtime.Artifacts;

/// <summary>
/// The on-disk format of a cache entry: a fixed header (magic, format
/// version, the key it was stored under, payload length and SHA-256) followed
/// by Wasmtime's serialized artifact. Wasmtime checks its own version and
/// settings, but not that the machine code is intact; the payload hash does,
/// so a flipped byte is rejected before any code is mapped executable.
/// </summary>
internal static class ArtifactEnvelope
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("CAPSULE-ARTIFACT");
    private const uint FormatVersion = 1;
    private const int KeyLength = 32;
    private const int HashLength = 32;

    /// <summary>Header size: magic 16, version 4, key 32, length 8, hash 32.</summary>
    public const int HeaderLength = 16 + 4 + KeyLength + 8 + HashLength;

    public static byte[] Wrap(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        var entry = new byte[HeaderLength + payload.Length];
        var span = entry.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], FormatVersion);
        key.CopyTo(span[20..]);
        BinaryPrimitives.WriteInt64LittleEndian(span[52..], payload.Length);
        SHA256.HashData(payload, span[60..HeaderLength]);
        payload.CopyTo(span[HeaderLength..]);
        return entry;
    }

    /// <summary>
    /// Returns the payload if the entry is whole and was stored under
    /// <paramref name="key"/>; otherwise null and the reason.
    /// </summary>
    public static ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> entry, ReadOnlySpan<byte> key, out string? problem)
    {
        problem = null;
        if (entry.Length < HeaderLength)
        {
            problem = $"truncated header ({entry.Length} bytes)";
        }
        else if (!entry[..16].SequenceEqual(Magic))
        {
            problem = "not a Capsule artifact (bad magic)";
        }
        else if (BinaryPrimitives.ReadUInt32LittleEndian(entry[16..]) != FormatVersion)
        {
            problem = "written by another Capsule cache format";
        }
        else if (!entry.Slice(20, KeyLength).SequenceEqual(key))
        {
            problem = "stored under another key";
        }
        else if (BinaryPrimitives.ReadInt64LittleEndian(entry[52..]) != entry.Length - HeaderLength)
        {
            problem = "payload length does not match the header (truncated?)";
        }
        else
        {
            var payload = entry[HeaderLength..];
            Span<byte> hash = stackalloc byte[HashLength];
            SHA256.HashData(payload, hash);
            if (!hash.SequenceEqual(entry.Slice(60, HashLength)))
            {
                problem = "payload hash mismatch (corrupted)";
            }
            else
            {
                return payload;
            }
        }
        return default;
    }
}
