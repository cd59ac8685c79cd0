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

    [Fact]
    public void The_instance_network_can_be_taken_and_resolving_through_it_is_access_denied()
    {
        var (result, handlesLeft) = hosts.RunWatComponent("sockets-lookup-denied.wat");
        Assert.Equal(1u + 1u, result);
        Assert.Equal(0, handlesLeft); // the network handle was dropped
    }
}
