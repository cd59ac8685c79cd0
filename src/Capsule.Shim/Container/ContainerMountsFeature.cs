using Capsule.Hosting.App;
using Capsule.Runtime.Features;
using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;

namespace Capsule.Shim.Container;

/// <summary>
/// Grants every component of the pod's app the container's folder mounts
/// (<see cref="ContainerMounts"/>), after the manifest's own <c>files</c>;
/// wasi:filesystem serves them as it serves those.
/// </summary>
internal sealed class ContainerMountsFeature(IReadOnlyList<DirectoryMount> mounts) : IAppFeature
{
    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
    }

    /// <inheritdoc/>
    public IDisposable? ConfigureApp(AppConfiguration app)
    {
        foreach (var id in app.ComponentIds.ToList())
        {
            var grants = app.Grants(id);
            app.SetGrants(id, grants with { Mounts = [.. grants.Mounts, .. mounts] });
        }
        return null;
    }
}
