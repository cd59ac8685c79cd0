using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.App;

/// <summary>
/// What an <see cref="IAppFeature"/> configures an app from: the manifest (its top-level tables in
/// <see cref="AppManifest.Root"/>), the runtime configuration, the app's state folder, and each
/// component's grants as the manifest reader made them, which the feature may extend.
/// </summary>
public sealed class AppConfiguration
{
    private readonly Dictionary<string, GuestGrants> _grants;

    /// <summary>A configuration step over <paramref name="manifest"/>'s components with their <paramref name="grants"/>.</summary>
    public AppConfiguration(AppManifest manifest, RuntimeConfigFile runtimeConfig, string stateDirectory, IReadOnlyDictionary<string, GuestGrants> grants, Action<string>? progress = null)
    {
        Manifest = manifest;
        RuntimeConfig = runtimeConfig;
        StateDirectory = stateDirectory;
        _grants = new(grants, StringComparer.Ordinal);
        Progress = progress ?? (_ => { });
    }

    /// <summary>The app's manifest.</summary>
    public AppManifest Manifest { get; }

    /// <summary>Typed reads of the manifest whose errors name its file, line and key.</summary>
    public ManifestReader Reader => new(Manifest.DisplayName);

    /// <summary>What <c>--runtime-config-file</c> defines (<see cref="RuntimeConfigFile.Empty"/> without one).</summary>
    public RuntimeConfigFile RuntimeConfig { get; }

    /// <summary>The app's state folder (<c>.capsule</c> beside the manifest); it may not exist yet.</summary>
    public string StateDirectory { get; }

    /// <summary>Says what a step did (e.g. "seeded 3 keys"); shown at start-up.</summary>
    public Action<string> Progress { get; }

    /// <summary>The ids of the components being served.</summary>
    public IReadOnlyCollection<string> ComponentIds => _grants.Keys;

    /// <summary>Component <paramref name="id"/>'s grants so far.</summary>
    public GuestGrants Grants(string id) => _grants[id];

    /// <summary>Replaces component <paramref name="id"/>'s grants (e.g. <c>Grants(id).WithGrant(…)</c>).</summary>
    public void SetGrants(string id, GuestGrants grants) => _grants[id] = grants;

    /// <summary>Every component's grants after the step.</summary>
    public IReadOnlyDictionary<string, GuestGrants> AllGrants => _grants;
}
