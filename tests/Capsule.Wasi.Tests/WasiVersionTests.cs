namespace Capsule.Wasi.Tests;

/// <summary>A guest naming an older WASI 0.2.x is served by the 0.2.12 definitions.</summary>
public sealed class WasiVersionTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    [Fact]
    public void Imports_of_0_2_0_and_0_2_5_are_satisfied() =>
        Assert.Equal(1u, hosts.RunWatComponent("old-wasi-versions.wat").Result);
}
