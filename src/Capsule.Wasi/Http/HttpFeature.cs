using Capsule.Runtime.Features;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;
using Capsule.Wasi.Generated.Wasi.Http.OutgoingHandler;
using Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi.Http;

/// <summary>
/// wasi:http: the request and response types, and outbound requests through the grants'
/// allow-list on one client shared by every instance. An instance's <see cref="HttpHost"/>
/// is made on its first HTTP call.
/// </summary>
public sealed class HttpFeature : IHostFeature, IDisposable
{
    /// <summary>The process's outbound HTTP client, shared by every instance.</summary>
    public OutboundHttp Outbound { get; } = new();

    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        linker.Define(TypesImports.Create(HostOf));
        linker.Define(OutgoingHandlerImports.Create(HostOf));
    }

    /// <inheritdoc/>
    public void Prepare(InstanceState state, GuestOutput output)
    {
    }

    private HttpHost HostOf(ComponentStore store) => HttpHost.Of(store.State, Outbound);

    /// <summary>Releases the outbound client.</summary>
    public void Dispose() => Outbound.Dispose();
}
