using Capsule.Plugins.Components;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;

namespace Capsule.Plugins.Tests.Components;

/// <summary>
/// One engine, artifact cache and plugin host for a test class, and the test plugin's world
/// (tests/guests/js/plugin/wit/plugin.wit, which the app side reads as its expected world).
/// The cache (one folder for every test class and run: the test plugins are 12 MB JS components that take
/// seconds to compile) makes every load after the first of each file a cache hit, as in an app.
/// </summary>
public sealed class PluginHostFixture : IDisposable
{
    private static readonly string CacheDir = Path.Combine(Path.GetTempPath(), "capsule-plugins-tests-cache");

    public PluginHostFixture()
    {
        Engine = new CapsuleEngine();
        Cache = new ArtifactCache(CacheDir, Engine);
        Host = new PluginHost(Engine, Cache);
        World = PluginWorld.FromWit(WorldWit);
    }

    public static string WorldWit { get; } = File.ReadAllText(Path.Combine(Guests.RepoRoot, "tests", "guests", "js", "plugin", "wit", "plugin.wit"));

    public CapsuleEngine Engine { get; }

    public ArtifactCache Cache { get; }

    public PluginHost Host { get; }

    public PluginWorld World { get; }

    public ComponentPlugin Load(ComponentPluginOptions? options = null, string guest = "plugin-js.component.wasm") =>
        Host.Load(Guests.Get(guest), World, options);

    public void Dispose()
    {
        Host.Dispose();
        Engine.Dispose();
    }
}
