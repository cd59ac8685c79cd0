using Capsule.Hosting.Manifest;
using Capsule.Hosting.Routing;

namespace Capsule.Hosting.App;

/// <summary>
/// An application ready to serve: manifest validated, every component
/// compiled and linked, routes built. Immutable; shared by all requests.
/// Dispose to release the compiled code.
/// </summary>
public sealed class LoadedApp(
    AppManifest manifest, RouteTable<ServedComponent> routes, IReadOnlyDictionary<string, ServedComponent> components, IReadOnlyList<IDisposable>? services = null) : IDisposable
{
    private int _disposed;

    /// <summary>The manifest it was loaded from.</summary>
    public AppManifest Manifest { get; } = manifest;

    /// <summary>Routes to components, most specific first.</summary>
    public RouteTable<ServedComponent> Routes { get; } = routes;

    /// <summary>Components by id.</summary>
    public IReadOnlyDictionary<string, ServedComponent> Components { get; } = components;

    /// <summary>Releases every component's compiled code and the app's services (connections, open files).</summary>
    public void Dispose()
    {
        // A swapped-out version is released early (AppVersions) and disposed again at exit.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        foreach (var component in Components.Values)
        {
            component.Guest.Dispose();
        }
        foreach (var service in services ?? [])
        {
            service.Dispose();
        }
    }
}
