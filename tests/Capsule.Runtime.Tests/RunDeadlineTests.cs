using System.Diagnostics;
using Capsule.Runtime.Running;

namespace Capsule.Runtime.Tests;

/// <summary>
/// A run's deadline makes its cancellation source, timer and registration on
/// the caller's token only when host work asks for <see cref="RunDeadline.Token"/>
/// or waits: each way of stopping must still hold whichever comes first.
/// </summary>
public class RunDeadlineTests
{
    [Fact]
    public void A_caller_cancel_before_any_wait_stops_the_run_as_cancelled()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new RunDeadline(TimeSpan.FromSeconds(30), caller.Token);
        Assert.False(deadline.IsDue());
        caller.Cancel();
        Assert.Equal(RunStop.Cancelled, deadline.StoppedBy);
        Assert.True(deadline.IsDue());
        Assert.True(deadline.OnTick());
        // Host work that starts after the cancel gets a token that is already cancelled.
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_caller_cancel_wakes_a_wait_already_blocked()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new RunDeadline(TimeSpan.FromSeconds(60), caller.Token);
        var never = new TaskCompletionSource();
        var watch = Stopwatch.StartNew();
        caller.CancelAfter(TimeSpan.FromMilliseconds(100));
        var stopped = Assert.Throws<RunStoppedException>(() => deadline.Wait(never.Task));
        Assert.Contains("cancelled", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(RunStop.Cancelled, deadline.StoppedBy);
        Assert.InRange(watch.ElapsedMilliseconds, 50, 10_000);
    }

    [Fact]
    public async Task The_token_is_cancelled_at_the_deadline_without_anyone_checking()
    {
        using var deadline = new RunDeadline(TimeSpan.FromMilliseconds(200));
        var token = deadline.Token;
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, token));
        Assert.InRange(watch.ElapsedMilliseconds, 100, 10_000);
        Assert.True(deadline.IsDue());
        Assert.Equal(RunStop.TimedOut, deadline.StoppedBy);
    }

    [Fact]
    public void A_token_asked_for_after_the_deadline_is_already_cancelled()
    {
        using var deadline = new RunDeadline(TimeSpan.FromMilliseconds(1));
        Thread.Sleep(50);
        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.True(deadline.IsDue());
        Assert.Equal(RunStop.TimedOut, deadline.StoppedBy);
    }

    [Fact]
    public void Ending_the_run_cancels_its_token_and_detaches_from_the_callers()
    {
        using var caller = new CancellationTokenSource();
        var deadline = new RunDeadline(null, caller.Token);
        var token = deadline.Token;
        Assert.False(token.IsCancellationRequested);
        deadline.Dispose();
        Assert.True(token.IsCancellationRequested);
        // A cancel after the end reaches nothing (and throws nothing).
        caller.Cancel();
    }

    [Fact]
    public void The_first_reason_to_stop_is_the_one_reported()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new RunDeadline(TimeSpan.FromMilliseconds(1), caller.Token);
        Thread.Sleep(50);
        Assert.True(deadline.IsDue());
        caller.Cancel();
        Assert.Equal(RunStop.TimedOut, deadline.StoppedBy);
    }
}
