namespace Capsule.Wasi.Tests;

/// <summary>wasi:sockets: present, and denied.</summary>
public sealed class SocketsTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    [Fact]
    public void Creating_a_tcp_socket_is_access_denied()
    {
        var (result, handlesLeft) = hosts.RunWatComponent("sockets-denied.wat");
        Assert.Equal(1u + 1u, result); // err(access-denied): access-denied is case 1
        Assert.Equal(0, handlesLeft);
    }
}
