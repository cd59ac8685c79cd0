using Capsule.Hosting.Manifest;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Runtime.Running;
using Capsule.Wasi;

namespace Capsule.Hosting.Testing;

/// <summary>
/// Tests a host feature the way <c>capsule up</c> uses it, without Kestrel (as Spin's factors-test does):
/// a manifest snippet goes through every feature's <see cref="IHostFeature.ReadComponent"/> into grants,
/// and a real guest runs against a host made of WASI's features plus the ones under test.
/// <code>
/// using var kit = new FeatureTestKit(new MyFeature());
/// var grants = kit.Grants("""my_key = "value" """);
/// using var instance = kit.Instantiate(guestPath, grants);
/// var answer = instance.Instance.Call(null, "run", 0, null, 1, results => results[0].String);
/// </code>
/// </summary>
public sealed class FeatureTestKit : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("capsule-feature-test-").FullName;
    private readonly List<IDisposable> _services = [];

    /// <summary>A host of WASI's features plus <paramref name="features"/> (in that order), on a new engine.</summary>
    public FeatureTestKit(params IHostFeature[] features)
    {
        Engine = new CapsuleEngine();
        Host = new WasiHost(Engine, [.. WasiFeatures.Create(), .. features]);
        Loader = new GuestLoader(Engine, cache: null);
    }

    /// <summary>The engine.</summary>
    public CapsuleEngine Engine { get; }

    /// <summary>The host, linked once.</summary>
    public WasiHost Host { get; }

    /// <summary>Loads guests (no artifact cache).</summary>
    public GuestLoader Loader { get; }

    /// <summary>
    /// The grants of a component whose <c>[component.guest]</c> table holds <paramref name="componentToml"/>
    /// (e.g. <c>environment = { A = "1" }</c>), read as <c>capsule up</c> reads them: a wrong key or value throws
    /// the same <see cref="Runtime.Configuration.ManifestException"/> (its line counts from the table's
    /// header, two lines above the snippet's first). Relative paths resolve against a temporary app folder
    /// (<see cref="AppFolder"/>). <paramref name="appToml"/> holds top-level tables (e.g. <c>[variables]</c>);
    /// app features (<see cref="App.IAppFeature"/>) then configure the app as at start-up, with
    /// <paramref name="runtimeConfig"/>, its state folder in the app folder. What they open is
    /// released with the kit.
    /// </summary>
    public GuestGrants Grants(string componentToml, string appToml = "", RuntimeConfigFile? runtimeConfig = null)
    {
        var text = $"""
            [component.guest]
            source = "guest.wasm"
            {componentToml}

            [application]
            name = "feature-test"

            [[trigger.http]]
            route = "/..."
            component = "guest"

            {appToml}
            """;
        var manifest = ManifestLoader.Parse(text, Path.Combine(_folder, ManifestLoader.FileName), ManifestLoader.FileName, checkSources: false, Host.Features);
        var app = new AppConfiguration(manifest, runtimeConfig ?? RuntimeConfigFile.Empty, Path.Combine(_folder, ".capsule"),
            new Dictionary<string, GuestGrants> { ["guest"] = manifest.Components["guest"].FeatureGrants });
        foreach (var feature in Host.Features.OfType<IAppFeature>())
        {
            if (feature.ConfigureApp(app) is { } opened)
            {
                _services.Add(opened);
            }
        }
        return app.Grants("guest");
    }

    /// <summary>The temporary app folder (the manifest's folder).</summary>
    public string AppFolder => _folder;

    /// <summary>
    /// A fresh instance of the guest at <paramref name="guestPath"/> with <paramref name="grants"/>, its state
    /// prepared by every feature; what it writes to stdout and stderr is kept on the instance.
    /// </summary>
    public FeatureInstance Instantiate(string guestPath, GuestGrants grants)
    {
        var guest = Loader.Load(guestPath);
        try
        {
            return new FeatureInstance(Host, guest, grants);
        }
        catch
        {
            guest.Dispose();
            throw;
        }
    }

    /// <summary>Releases the host, the engine and the temporary app folder.</summary>
    public void Dispose()
    {
        _services.ForEach(s => s.Dispose());
        Host.Dispose();
        Engine.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
