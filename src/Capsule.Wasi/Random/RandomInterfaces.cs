using Capsule.Runtime.Native;
using Capsule.Wasi.Generated.Wasi.Random.Insecure;
using Capsule.Wasi.Generated.Wasi.Random.InsecureSeed;
using Capsule.Wasi.Generated.Wasi.Random.Random;

namespace Capsule.Wasi.Random;

/// <summary>wasi:random/random, insecure and insecure-seed, linked through their generated glue.</summary>
internal static class RandomInterfaces
{
    public static IEnumerable<HostInterface> Create() =>
    [
        RandomImports.Create(_ => RandomHost.Instance),
        InsecureImports.Create(_ => RandomHost.Instance),
        InsecureSeedImports.Create(_ => RandomHost.Instance),
    ];
}
