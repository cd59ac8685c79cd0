
namespace Capsule.Hosting.App;

/// <summary>
/// A host feature that serves an app's shared services (key-value stores, databases, variables),
/// in the manner of Spin's factors' <c>configure_app</c>. Besides what every feature does, it
/// reads the manifest's top-level tables it names in <see cref="AppKeys"/> and the runtime
/// configuration, and opens what every instance of the app shares, once per loaded app
/// (<see cref="ConfigureApp"/>), before any component is compiled.
/// </summary>
public interface IAppFeature : IHostFeature
{
    /// <summary>The top-level keys of the manifest this feature reads (e.g. <c>variables</c>); none by default.</summary>
    IReadOnlyList<string> AppKeys => [];

    /// <summary>
    /// Reads this feature's top-level manifest keys and runtime configuration, opens what the app's
    /// instances share (stores are opened lazily: start-up must not need a server that is down), and
    /// puts into each component's grants (<see cref="AppConfiguration.SetGrants"/>) what its instances
    /// get. Errors are <see cref="Runtime.Configuration.ManifestException"/>s naming file:line:key.
    /// Returns what the app must release when it stops (null if nothing).
    /// </summary>
    IDisposable? ConfigureApp(AppConfiguration app);
}
