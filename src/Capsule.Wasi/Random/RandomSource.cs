using System.Security.Cryptography;

namespace Capsule.Wasi.Random;

/// <summary>
/// wasi:random/random, insecure and insecure-seed. All draw on the OS's
/// cryptographic generator: "insecure" permits weaker, never requires it.
/// </summary>
public static class RandomSource
{
    /// <summary>The most bytes one call returns; a guest asking for more gets a trap, not gigabytes.</summary>
    public const ulong MaxBytes = 1 << 20;

    /// <summary><paramref name="length"/> random bytes.</summary>
    public static byte[] Bytes(ulong length) => length <= MaxBytes
        ? RandomNumberGenerator.GetBytes((int)length)
        : throw new InvalidOperationException($"random bytes requested: {length}, at most {MaxBytes} per call");

    /// <summary>A random u64.</summary>
    public static ulong U64()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
