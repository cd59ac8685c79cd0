using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Wasi.Io;
using Wasmtime.Components;

namespace Capsule.Wasi.Tests;

/// <summary>wasi:sockets: present, and denied.</summary>
public sealed class SocketsTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    [Fact]
    public void Creating_a_tcp_socket_is_access_denied()
    {
        var path = Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "sockets-denied.wat");
        using var component = Component.FromTextFile(hosts.Engine.WasmEngine, path);
        using var context = new WasiContext(GuestGrants.None, new EmptyInputStream(), new CallbackOutputStream(_ => { }), new CallbackOutputStream(_ => { }));
        using var store = new ComponentStore(hosts.Engine, context, ResourceLimits.Default);
        var instance = hosts.Host.Linker.Instantiate(store, component);

        var outcome = instance.Call(null, "run", 0, null, 1, results => results[0].U32);

        Assert.Equal(1u + 1u, outcome); // err(access-denied): access-denied is case 1
        Assert.Equal(0, context.Table.Count);
    }
}
