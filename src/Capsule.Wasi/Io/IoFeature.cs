using Capsule.Wasi.Generated.Wasi.Io.Error;
using Capsule.Wasi.Generated.Wasi.Io.Poll;
using Capsule.Wasi.Generated.Wasi.Io.Streams;

namespace Capsule.Wasi.Io;

/// <summary>wasi:io: errors, pollables and streams (<see cref="IoHost"/>). No per-instance state beyond the resource table.</summary>
public sealed class IoFeature : IHostFeature, Runtime.Components.Running.ILoweredHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        linker.Define(ErrorImports.Create(IoHost.Of));
        linker.Define(PollImports.Create(IoHost.Of));
        linker.Define(StreamsImports.Create(IoHost.Of));
    }

    /// <inheritdoc/>
    public IEnumerable<Runtime.Components.Abi.LoweredInterface> Lowerings() =>
    [
        ErrorLowerings.Create(abi => ((InstanceState)abi.Host!).GetOrCreate(static s => new IoHost(s))),
        PollLowerings.Create(abi => ((InstanceState)abi.Host!).GetOrCreate(static s => new IoHost(s))),
        StreamsLowerings.Create(abi => ((InstanceState)abi.Host!).GetOrCreate(static s => new IoHost(s))),
    ];
}
