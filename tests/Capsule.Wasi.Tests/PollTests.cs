using System.Text;

namespace Capsule.Wasi.Tests;

/// <summary>
/// wasi:io/poll and other calls that pass two or more borrowed handles,
/// through real components. Wasmtime 50.0.1 trapped on these with
/// component-model concurrency support on (EngineSettings.ConcurrencySupport).
/// </summary>
public sealed class PollTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    [Fact]
    public void Poll_of_two_pollables() => Assert.Equal(11u, hosts.RunWatComponent("poll-two-borrows.wat").Result);

    /// <summary>Two of three timers are due: poll returns exactly those two indexes, in order (202 = 2 ready, [0, 2]).</summary>
    [Fact]
    public void Poll_of_three_pollables_returns_the_ready_ones() => Assert.Equal(202u, hosts.RunWatComponent("poll-three.wat").Result);

    /// <summary><c>output-stream.blocking-splice(self, src)</c> borrows two streams in one call.</summary>
    [Fact]
    public void Splice_between_two_streams()
    {
        var (spliced, _, stdout) = hosts.RunWatComponent("splice-stdin.wat", Encoding.ASCII.GetBytes("spliced!"));
        Assert.Equal(8u, spliced);
        Assert.Equal("spliced!", Encoding.ASCII.GetString(stdout));
    }

    /// <summary>A guest that drops the pollables it subscribed to leaves no handle behind in the host.</summary>
    [Fact]
    public void Dropped_pollables_leave_no_handles() => Assert.Equal((7u, 0), hosts.RunWatComponent("drop-pollable.wat"));
}
