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
