using System.Diagnostics;
using Capsule.Hosting.Services.KeyValue;

namespace Capsule.Hosting.Tests.Services;

/// <summary>A real redis-server killed and restarted under a store: errors in between, never a crash; then it works again.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public void Redis_killed_mid_run_gives_errors_and_works_again_after_a_restart_without_a_new_store()
    {
        using var backend = new KeyValueBackend("redis");
        var store = backend.Open();
        store.Set("before", "1"u8);

        backend.Redis!.Kill();
        var clock = Stopwatch.StartNew();
        var down = Assert.Throws<KeyValueException>(() => store.Set("during", "2"u8));
        var downRead = Assert.Throws<KeyValueException>(() => store.Get("before"));
        var failedWithin = clock.Elapsed;

        backend.Redis.Start();
        // The client reconnects in the background (every 500 ms); poll with a generous bound (the machine may be loaded).
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                store.Set("after", "3"u8);
                break;
            }
            catch (KeyValueException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(100);
            }
        }

        Assert.IsType<KeyValueError.Other>(down.Error);
        Assert.IsType<KeyValueError.Other>(downRead.Error);
        Assert.Contains("redis", down.Message);
        // Fails fast while down instead of queueing until the 10 s timeout: two calls well under it.
        Assert.True(failedWithin < TimeSpan.FromSeconds(10), $"failing calls took {failedWithin}");
        Assert.Equal("3"u8.ToArray(), store.Get("after"));
        // The server was restarted without persistence: the old value is gone, the store still works.
        Assert.False(store.Exists("before"));
    }

    [Fact]
    public void A_store_whose_server_is_not_running_at_first_use_gives_an_error_value()
    {
        using var backend = new KeyValueBackend("redis");
        backend.Redis!.Kill();
        var store = backend.Open();

        var error = Assert.Throws<KeyValueException>(() => store.Get("k"));

        Assert.IsType<KeyValueError.Other>(error.Error);
        Assert.DoesNotContain("password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_password_of_a_redis_url_is_never_shown()
    {
        Assert.True(RedisAddress.TryParse("redis://app:s3cret-pass@127.0.0.1:1/3", out var address, out _));

        Assert.Equal("redis://app@127.0.0.1:1/3", address!.ToString());
        Assert.Equal("s3cret-pass", address.Password);
        using var store = new RedisKeyValueStore(address);
        var error = Assert.Throws<KeyValueException>(() => store.Get("k"));
        Assert.DoesNotContain("s3cret", error.Message);
    }
}
