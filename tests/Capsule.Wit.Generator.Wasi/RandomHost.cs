using Capsule.Wasi.Generated.Wasi.Random.Random;

namespace Capsule.Wit.Generator.Wasi;

/// <summary>
/// <c>wasi:random/random</c> implemented on the generated interface, as a host feature will: the compiler
/// checks that it matches the WIT.
/// </summary>
public sealed class RandomHost : IRandom
{
    /// <inheritdoc/>
    public byte[] GetRandomBytes(ulong len)
    {
        var bytes = new byte[checked((int)len)];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return bytes;
    }

    /// <inheritdoc/>
    public ulong GetRandomU64() => BitConverter.ToUInt64(GetRandomBytes(8));
}
