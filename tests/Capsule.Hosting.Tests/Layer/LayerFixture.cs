using Capsule.Hosting.App;
using Capsule.Runtime.Components.Running;
using Microsoft.Extensions.DependencyInjection;

namespace Capsule.Hosting.Tests.Layer;

/// <summary>Two app factories, one per component layer (set explicitly, whatever CAPSULE_COMPONENT_LAYER says), for differential tests.</summary>
public sealed class LayerFixture : IDisposable
{
    public LayerFixture()
    {
        Wasmtime.Host.ComponentLayer = ComponentLayer.Wasmtime;
        Core.Host.ComponentLayer = ComponentLayer.Core;
    }

    public HostingFixture Wasmtime { get; } = new();

    public HostingFixture Core { get; } = new();

    /// <summary>For <see cref="AssertLayer"/>: the app runs on the component C API (the layer is off).</summary>
    public const string Off = "(layer off)";

    /// <summary>
    /// Asserts that <paramref name="app"/>'s component <paramref name="id"/> is served on the component layer
    /// (<paramref name="fallsBack"/> null), on the C API because the layer is off (<see cref="Off"/>), or on the C API
    /// after the layer refused it with a reason containing <paramref name="fallsBack"/>.
    /// </summary>
    public static void AssertLayer(TestApp app, string id, string? fallsBack)
    {
        var guest = app.Services.GetRequiredService<LoadedApp>().Components[id].Guest;
        var host = app.Services.GetRequiredService<Wasi.WasiHost>();
        var reason = host.ComponentLayerFallback(guest);
        switch (fallsBack)
        {
            case null:
                Assert.True(host.ServesOnComponentLayer(guest), $"{id} fell back: {reason}");
                break;
            case Off:
                Assert.False(host.ServesOnComponentLayer(guest));
                Assert.Null(reason);
                break;
            default:
                Assert.False(host.ServesOnComponentLayer(guest));
                Assert.Contains(fallsBack, reason ?? "(no reason)", StringComparison.Ordinal);
                break;
        }
    }

    public void Dispose()
    {
        Wasmtime.Dispose();
        Core.Dispose();
    }
}
