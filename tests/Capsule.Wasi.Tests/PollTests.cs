using Capsule.Runtime.Grants;
using Capsule.Runtime.Native;
using Capsule.Runtime.Running;

namespace Capsule.Wasi.Tests;

/// <summary>wasi:io/poll through a real component.</summary>
public sealed class PollTests(WasiHostFixture hosts) : IClassFixture<WasiHostFixture>
{
    /// <summary>
    /// The root cause of the streaming defect: Wasmtime 50.0.1 fails to lift a
    /// <c>list&lt;borrow&lt;pollable&gt;&gt;</c> of two or more host resources for a
    /// dynamically defined host function ("BUG: deferred host scope has no call
    /// context", resources.rs:328) before Capsule's code runs. A one-element
    /// list works. Unskip when the pinned Wasmtime is upgraded.
    /// </summary>
    [Fact(Skip = "Wasmtime 50.0.1 bug: lifting list<borrow<T>> with 2+ host resources traps before the host function runs")]
    public void Poll_of_two_pollables() => Assert.Equal(11u, hosts.RunWatComponent("poll-two-borrows.wat").Result);

    /// <summary>A guest that drops the pollables it subscribed to leaves no handle behind in the host.</summary>
    [Fact]
    public void Dropped_pollables_leave_no_handles() => Assert.Equal((7u, 0), hosts.RunWatComponent("drop-pollable.wat"));

    /// <summary>
    /// Until then the failure names its cause. When this test fails because
    /// the call succeeds, the upgrade fixed the bug: unskip the test above.
    /// </summary>
    [Fact]
    public void Poll_of_two_pollables_fails_with_the_upstream_cause_named()
    {
        var error = Assert.Throws<ComponentCallException>(() => hosts.RunWatComponent("poll-two-borrows.wat"));
        var outcome = Assert.IsType<RunOutcome.Trapped>(TrapClassifier.FromComponentCall(error, ResourceLimits.Default));
        Assert.Equal("host limitation", outcome.Kind);
        Assert.Equal(TrapClassifier.UpstreamBorrowBugExplained, outcome.Message);
    }
}
