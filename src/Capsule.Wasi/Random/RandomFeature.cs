namespace Capsule.Wasi.Random;

/// <summary>wasi:random: secure and insecure random numbers. No per-instance state.</summary>
public sealed class RandomFeature : IHostFeature, Runtime.Components.Running.ILoweredHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker) => linker.Define(RandomInterfaces.Create());

    /// <inheritdoc/>
    public IEnumerable<Runtime.Components.Abi.LoweredInterface> Lowerings() =>
    [
        RandomLowerings.Create(_ => RandomHost.Instance),
        InsecureLowerings.Create(_ => RandomHost.Instance),
        InsecureSeedLowerings.Create(_ => RandomHost.Instance),
    ];
}
