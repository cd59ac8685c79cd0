namespace Capsule.Wasi.Random;

/// <summary>wasi:random: secure and insecure random numbers. No per-instance state.</summary>
public sealed class RandomFeature : IHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker) => linker.Define(RandomInterfaces.Create());
}
