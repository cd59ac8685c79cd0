using Capsule.Hosting.Generated.Fermyon.Spin.Redis;
using Capsule.Runtime.Native;

namespace Capsule.Hosting.Services.Redis;

/// <summary>
/// Outbound Redis for guests: Spin 2's <c>fermyon:spin/redis@2.0.0</c> (Spin 3 defines no newer
/// synchronous version). Reached addresses are granted by <c>allowed_outbound_hosts</c>
/// (<c>redis://host:port</c>, read by the HTTP feature); connections are shared per address by the
/// process (<see cref="RedisConnections"/>), closed when the host is.
/// </summary>
public sealed class OutboundRedisFeature : IHostFeature, Capsule.Runtime.Components.Running.ILoweredHostFeature, IDisposable
{
    private readonly RedisConnections _servers = new();

    /// <inheritdoc/>
    public IReadOnlyList<GrantHintRule> GrantHints { get; } =
    [
        new("outbound Redis", "allowed_outbound_hosts = [\"redis://host:6379\"] in capsule.toml (every address is denied by default)", name =>
            name.StartsWith("fermyon:spin/redis@", StringComparison.Ordinal)),
    ];

    /// <inheritdoc/>
    public void Link(HostLinker linker) =>
        linker.Define(RedisImports.Create(store => store.State.GetOrCreate(s => new OutboundRedisHost(_servers, s.Grants))));

    /// <inheritdoc/>
    public IEnumerable<Capsule.Runtime.Components.Abi.LoweredInterface> Lowerings() =>
    [
        RedisLowerings.Create(abi => ((Capsule.Runtime.Features.InstanceState)abi.Host!).GetOrCreate(s => new OutboundRedisHost(_servers, s.Grants))),
    ];

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _servers.Dispose();
}
