using Capsule.Runtime.Features;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi.Binding;

namespace Capsule.Wasi.Http;

/// <summary>
/// wasi:http: the request and response types, and outbound requests through the grants'
/// allow-list on one client shared by every instance. No per-instance state.
/// </summary>
public sealed class HttpFeature : IHostFeature, IDisposable
{
    /// <summary>The process's outbound HTTP client, shared by every instance.</summary>
    public OutboundHttp Outbound { get; } = new();

    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        linker.Define(HttpTypesBindings.Create());
        linker.Define(HttpBodyBindings.CreateOutgoingHandler(Outbound));
    }

    /// <inheritdoc/>
    public void Prepare(InstanceState state, GuestOutput output)
    {
    }

    /// <summary>Releases the outbound client.</summary>
    public void Dispose() => Outbound.Dispose();
}
