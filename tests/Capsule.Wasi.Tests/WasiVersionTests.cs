using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Wasi.Io;
using Wasmtime.Components;

namespace Capsule.Wasi.Tests;

/// <summary>A guest naming an older WASI 0.2.x is served by the 0.2.12 definitions.</summary>
public sealed class WasiVersionTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    [Fact]
    public void Imports_of_0_2_0_and_0_2_5_are_satisfied()
    {
        var path = Path.Combine(Guests.RepoRoot, "tests", "guests", "wat-components", "old-wasi-versions.wat");
        using var component = Component.FromTextFile(hosts.Engine.WasmEngine, path);
        using var context = new WasiContext(GuestGrants.None, new EmptyInputStream(), new CallbackOutputStream(_ => { }), new CallbackOutputStream(_ => { }));
        using var store = new ComponentStore(hosts.Engine, context, ResourceLimits.Default);
        var instance = hosts.Host.Linker.Instantiate(store, component);
        Assert.Equal(1u, instance.Call(null, "run", 0, null, 1, results => results[0].U32));
    }
}
