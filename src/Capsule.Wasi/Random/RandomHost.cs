namespace Capsule.Wasi.Random;

/// <summary>wasi:random/random, insecure and insecure-seed: no state, one for every instance.</summary>
internal sealed class RandomHost : IRandom, IInsecure, IInsecureSeed
{
    public static readonly RandomHost Instance = new();

    public byte[] GetRandomBytes(ulong len) => RandomSource.Bytes(len);

    public ulong GetRandomU64() => RandomSource.U64();

    public byte[] GetInsecureRandomBytes(ulong len) => RandomSource.Bytes(len);

    public ulong GetInsecureRandomU64() => RandomSource.U64();

    public (ulong, ulong) InsecureSeed() => (RandomSource.U64(), RandomSource.U64());
}
