using System.Collections.Immutable;
using Capsule.Runtime.Configuration;
using Capsule.Wasi.Generated.Wasi.Http.Types;

namespace Capsule.Wasi.Http;

/// <summary>
/// wasi:http: the request and response types, and outbound requests through the grants'
/// allow-list on one client shared by every instance. Manifest key: <c>allowed_outbound_hosts</c>.
/// An instance's <see cref="HttpHost"/> is made on its first HTTP call.
/// </summary>
public sealed class HttpFeature : IHostFeature, Runtime.Components.Running.ILoweredHostFeature, IDisposable
{
    private OutboundHttp? _outbound;

    /// <summary>The process's outbound HTTP client, shared by every instance (made when the feature is linked, once, before any instance runs).</summary>
    public OutboundHttp Outbound => _outbound ?? throw new InvalidOperationException("the http feature is not linked yet");

    /// <inheritdoc/>
    public IReadOnlyList<string> ComponentKeys { get; } = ["allowed_outbound_hosts"];

    /// <inheritdoc/>
    public IReadOnlyList<GrantHintRule> GrantHints { get; } =
    [
        new("outbound HTTP", "allowed_outbound_hosts in capsule.toml (every host is denied by default)", name =>
            name.StartsWith("wasi:http/outgoing-handler@", StringComparison.Ordinal)),
    ];

    /// <inheritdoc/>
    public void Link(HostLinker linker)
    {
        _outbound ??= new();
        linker.Define(TypesImports.Create(HostOf));
        linker.Define(OutgoingHandlerImports.Create(HostOf));
    }

    /// <inheritdoc/>
    /// <remarks>The same <see cref="HttpHost"/> as the component C API's, found through the instance's feature state.</remarks>
    public IEnumerable<Runtime.Components.Abi.LoweredInterface> Lowerings()
    {
        _outbound ??= new();
        return
        [
            TypesLowerings.Create(abi => HttpHost.Of((InstanceState)abi.Host!, Outbound)),
            OutgoingHandlerLowerings.Create(abi => HttpHost.Of((InstanceState)abi.Host!, Outbound)),
        ];
    }

    /// <inheritdoc/>
    public GuestGrants ReadComponent(ComponentSection component, GuestGrants grants)
    {
        var (reader, table, path, _, _) = component;
        var hosts = ImmutableArray.CreateBuilder<AllowedHost>();
        var items = reader.Array(table, "allowed_outbound_hosts", path);
        for (var i = 0; i < items.Count; i++)
        {
            var key = $"{path}.allowed_outbound_hosts[{i}]";
            if (items[i] is not TomlScalar { Value: string pattern })
            {
                throw reader.Error(items[i], key, $"expected a string, found {items[i].Describe()}");
            }
            try
            {
                hosts.Add(AllowedHost.Parse(pattern));
            }
            catch (FormatException e)
            {
                throw reader.Error(items[i], key, $"malformed allowed host: {e.Message}");
            }
        }
        return grants with { AllowedOutboundHosts = hosts.ToImmutable() };
    }

    private HttpHost HostOf(ComponentStore store) => HttpHost.Of(store.State, Outbound);

    /// <summary>Releases the outbound client.</summary>
    public void Dispose() => _outbound?.Dispose();
}
