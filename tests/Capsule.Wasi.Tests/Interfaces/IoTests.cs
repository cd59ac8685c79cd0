using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Capsule.Runtime.Running;
using Capsule.Wasi.Clocks;
using Capsule.Wasi.Io;

namespace Capsule.Wasi.Tests.Interfaces;

public sealed class IoTests
{
    [Fact]
    public void Poll_blocks_until_a_timer_is_ready_and_reports_only_ready_ones()
    {
        var slow = MonotonicClock.SubscribeDuration(10_000_000_000); // 10 s
        var soon = MonotonicClock.SubscribeDuration(100_000_000);    // 100 ms
        var watch = Stopwatch.StartNew();
        using var deadline = RunDeadline.None();
        var ready = Pollable.Poll([slow, soon], deadline);
        Assert.Equal([1u], ready);
        Assert.InRange(watch.ElapsedMilliseconds, 90, 5_000);
    }

    [Fact]
    public void Poll_of_nothing_is_a_guest_error()
    {
        using var deadline = RunDeadline.None();
        Assert.Throws<InvalidOperationException>(() => Pollable.Poll([], deadline));
    }

    [Fact]
    public void Pipe_output_applies_backpressure_until_the_reader_drains()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false));
        using var output = new PipeOutput(pipe.Writer);
        Assert.True(output.CheckWrite() > 0);
        output.Write(new byte[4096]);
        Assert.Equal(0UL, output.CheckWrite());
        var waiting = output.Subscribe();
        Assert.False(waiting.IsReady);

        Assert.True(pipe.Reader.TryRead(out var result));
        Assert.Equal(4096, result.Buffer.Length);
        pipe.Reader.AdvanceTo(result.Buffer.End);
        using var deadline = RunDeadline.None();
        waiting.Block(deadline);
        Assert.True(output.CheckWrite() > 0);
    }

    [Fact]
    public void Pipe_output_is_closed_after_completion_and_the_reader_sees_the_end()
    {
        var pipe = new Pipe();
        var output = new PipeOutput(pipe.Writer);
        output.Write("done"u8);
        output.Complete();
        Assert.Throws<StreamException>(() => output.CheckWrite());
        Assert.True(pipe.Reader.TryRead(out var result));
        Assert.True(result.IsCompleted);
        Assert.Equal(4, result.Buffer.Length);
    }

    [Fact]
    public async Task Async_input_never_blocks_in_read_and_ends_with_closed()
    {
        var pipe = new Pipe();
        using var input = new AsyncStreamInput(pipe.Reader.AsStream());
        Assert.Empty(input.Read(100));
        var ready = input.Subscribe();
        Assert.False(ready.IsReady);

        pipe.Writer.Write("hello"u8);
        await pipe.Writer.FlushAsync();
        await ready.WhenReady();
        Assert.Equal("hel"u8.ToArray(), input.Read(3));
        Assert.Equal("lo"u8.ToArray(), input.Read(100));

        pipe.Writer.Complete();
        using var deadline = RunDeadline.None();
        var end = Assert.Throws<StreamException>(() => input.BlockingRead(10, deadline));
        Assert.Null(end.Failure);
    }

    /// <summary>Every blocking host wait ends at the run's deadline: it trapped nothing before, and waited for ever.</summary>
    [Fact]
    public void Blocking_waits_end_at_the_runs_deadline()
    {
        var silent = new Pipe();
        using var input = new AsyncStreamInput(silent.Reader.AsStream());
        var full = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false));
        using var output = new PipeOutput(full.Writer);
        output.Write(new byte[4096]);
        var never = MonotonicClock.SubscribeDuration(60_000_000_000); // 60 s
        var waits = new Action<RunDeadline>[]
        {
            d => input.BlockingRead(10, d),
            d => input.Subscribe().Block(d),
            d => output.BlockingFlush(d),
            d => Pollable.Poll([never, input.Subscribe()], d),
        };
        foreach (var wait in waits)
        {
            using var deadline = new RunDeadline(TimeSpan.FromMilliseconds(200));
            var watch = Stopwatch.StartNew();
            var stopped = Assert.Throws<RunStoppedException>(() => wait(deadline));
            Assert.Equal("the run's time limit of 200ms passed", stopped.Message);
            Assert.Equal(RunStop.TimedOut, deadline.StoppedBy);
            Assert.InRange(watch.ElapsedMilliseconds, 150, 5_000);
        }
    }

    [Fact]
    public void Cancelling_a_run_ends_its_wait_at_once()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new RunDeadline(TimeSpan.FromSeconds(60), caller.Token);
        var never = MonotonicClock.SubscribeDuration(60_000_000_000);
        caller.CancelAfter(100);
        var watch = Stopwatch.StartNew();
        var stopped = Assert.Throws<RunStoppedException>(() => never.Block(deadline));
        Assert.Equal(RunStop.Cancelled, deadline.StoppedBy);
        Assert.Contains("cancelled", stopped.Message);
        Assert.InRange(watch.ElapsedMilliseconds, 50, 5_000);
    }

    [Fact]
    public void Empty_stdin_is_closed_at_once()
    {
        var error = Assert.Throws<StreamException>(() => new EmptyInputStream().Read(1));
        Assert.Null(error.Failure);
    }
}
