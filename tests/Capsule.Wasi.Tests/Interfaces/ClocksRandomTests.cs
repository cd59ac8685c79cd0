using Capsule.Wasi.Clocks;
using Capsule.Wasi.Random;

namespace Capsule.Wasi.Tests.Interfaces;

public sealed class ClocksRandomTests
{
    [Fact]
    public void Monotonic_clock_advances_in_nanoseconds()
    {
        var before = MonotonicClock.Now();
        Thread.Sleep(20);
        var elapsed = MonotonicClock.Now() - before;
        Assert.InRange(elapsed, 15_000_000UL, 5_000_000_000UL);
        Assert.True(MonotonicClock.Resolution() >= 1);
    }

    [Fact]
    public void Passed_instant_is_ready_at_once()
    {
        Assert.True(MonotonicClock.SubscribeInstant(MonotonicClock.Now() - 1).IsReady);
        Assert.False(MonotonicClock.SubscribeInstant(MonotonicClock.Now() + 10_000_000_000).IsReady);
    }

    [Fact]
    public void Wall_clock_is_unix_time()
    {
        var now = WallClock.Now();
        var expected = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange((long)now.Seconds, expected - 5, expected + 5);
        Assert.InRange(now.Nanoseconds, 0u, 999_999_999u);
    }

    [Fact]
    public void Random_bytes_have_the_asked_length_and_a_bound()
    {
        Assert.Equal(32, RandomSource.Bytes(32).Length);
        Assert.NotEqual(RandomSource.Bytes(16), RandomSource.Bytes(16));
        Assert.Throws<InvalidOperationException>(() => RandomSource.Bytes(RandomSource.MaxBytes + 1));
    }
}
