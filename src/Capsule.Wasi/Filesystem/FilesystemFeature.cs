using Capsule.Runtime.Features;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi.Binding;

namespace Capsule.Wasi.Filesystem;

/// <summary>wasi:filesystem over the granted folders only. State: <see cref="FilesystemState"/> when something is mounted.</summary>
public sealed class FilesystemFeature : IHostFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        foreach (var iface in FilesystemBindings.Create())
        {
            linker.Define(iface);
        }
    }

    /// <inheritdoc/>
    public void Prepare(InstanceState state, GuestOutput output)
    {
        // Most served components mount nothing: they get no state at all.
        if (!state.Grants.Mounts.IsEmpty)
        {
            state.Set(new FilesystemState(state.Grants));
        }
    }
}
