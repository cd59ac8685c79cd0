using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;
using Capsule.Wasi;

namespace Capsule.Plugins.Components;

/// <summary>
/// Loads component plugins on one engine: compiles through the artifact cache (when given) and links Capsule's
/// WASI 0.2 host once for all of them (each instance gets only what its plugin's grants allow; nothing by
/// default). Thread-safe; dispose after the plugins it loaded.
/// </summary>
public sealed class PluginHost : IDisposable
{
    /// <summary>A host on <paramref name="engine"/>, compiling through <paramref name="cache"/> when given.</summary>
    public PluginHost(CapsuleEngine engine, ArtifactCache? cache = null)
    {
        Engine = engine;
        Loader = new GuestLoader(engine, cache);
        Wasi = new WasiHost(engine);
    }

    /// <summary>The engine plugins run on.</summary>
    public CapsuleEngine Engine { get; }

    internal GuestLoader Loader { get; }

    internal WasiHost Wasi { get; }

    /// <summary>
    /// Loads the component at <paramref name="path"/> and checks it exports <paramref name="world"/>;
    /// throws <see cref="Failures.PluginLoadException"/> naming the cause.
    /// </summary>
    public ComponentPlugin Load(string path, PluginWorld world, ComponentPluginOptions? options = null) =>
        new(this, path, world, options ?? new ComponentPluginOptions());

    /// <summary>Releases the linker.</summary>
    public void Dispose() => Wasi.Dispose();
}
