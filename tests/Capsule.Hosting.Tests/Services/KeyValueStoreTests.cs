using System.Text;
using Capsule.Hosting.Services.KeyValue;

namespace Capsule.Hosting.Tests.Services;

/// <summary>The key-value interface on both real backends: an SQLite file and a real redis-server.</summary>
public sealed class KeyValueStoreTests
{
    public static TheoryData<string> Backends => new("sqlite", "redis");

    [Theory]
    [MemberData(nameof(Backends))]
    public void Set_get_exists_delete_and_get_keys(string kind)
    {
        using var backend = new KeyValueBackend(kind);
        var store = backend.Open();

        Assert.Null(store.Get("a"));
        Assert.False(store.Exists("a"));
        store.Set("a", "one"u8);
        store.Set("b", [0, 255, 0]);
        store.Set("a", "two"u8);

        Assert.Equal("two"u8.ToArray(), store.Get("a"));
        Assert.Equal(new byte[] { 0, 255, 0 }, store.Get("b"));
        Assert.True(store.Exists("b"));
        Assert.Equal(["a", "b"], store.GetKeys().Order(StringComparer.Ordinal));
        store.Delete("a");
        store.Delete("never-set");
        Assert.False(store.Exists("a"));
        Assert.Equal(["b"], store.GetKeys());
        store.Set("empty", []);
        Assert.Equal([], store.Get("empty")!);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Forty_concurrent_sets_to_forty_keys_leave_forty_keys(string kind)
    {
        using var backend = new KeyValueBackend(kind);
        // Four store objects (four hosts sharing the data), each used by ten instances at once.
        var hosts = Enumerable.Range(0, 4).Select(_ => backend.Open()).ToArray();
        // Hosts that are up: each has made its connection (the first use connects).
        Assert.All(hosts, h => Assert.False(h.Exists("key-0")));

        // With the CPU saturated by other processes: waiting callers must not starve the client of the threads that read replies.
        using (new CpuBurners())
        {
            Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 40 }, i => hosts[i % 4].Set($"key-{i}", Encoding.UTF8.GetBytes($"value-{i}")));
        }

        var reader = backend.Open();
        Assert.Equal(40, reader.GetKeys().Count);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal($"value-{i}", Encoding.UTF8.GetString(reader.Get($"key-{i}")!));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Concurrent_increments_lose_none(string kind)
    {
        using var backend = new KeyValueBackend(kind);
        var hosts = Enumerable.Range(0, 2).Select(_ => backend.Open()).ToArray();
        Assert.All(hosts, h => Assert.False(h.Exists("counter")));

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            for (var n = 0; n < 10; n++)
            {
                hosts[i % 2].Increment("counter", 1);
            }
        });

        Assert.Equal(85, backend.Open().Increment("counter", 5));
        Assert.Equal(-15, backend.Open().Increment("other", -15));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Values_survive_reopening(string kind)
    {
        using var backend = new KeyValueBackend(kind);
        var first = backend.Open();
        first.Set("kept", "value"u8);
        (first as IDisposable)?.Dispose();

        var second = backend.Open();

        Assert.Equal("value"u8.ToArray(), second.Get("kept"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Compare_and_swap_sets_only_over_the_expected_value(string kind)
    {
        using var backend = new KeyValueBackend(kind);
        var store = backend.Open();

        Assert.True(store.CompareAndSwap("k", null, "first"u8));
        Assert.False(store.CompareAndSwap("k", null, "again"u8));
        Assert.False(store.CompareAndSwap("k", "wrong"u8.ToArray(), "second"u8));
        Assert.Equal("first"u8.ToArray(), store.Get("k"));
        Assert.True(store.CompareAndSwap("k", "first"u8.ToArray(), "second"u8));
        Assert.Equal("second"u8.ToArray(), store.Get("k"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Batch_get_set_and_delete(string kind)
    {
        using var backend = new KeyValueBackend(kind);
        var store = backend.Open();

        store.SetMany([new("x", [1]), new("y", [2]), new("z", [3])]);
        var found = store.GetMany(["x", "y", "missing", "x"]);
        store.DeleteMany(["x", "z", "missing"]);

        Assert.Equal(["x:1", "y:2"], found.Select(p => $"{p.Key}:{p.Value[0]}").Order(StringComparer.Ordinal));
        Assert.Equal(["y"], store.GetKeys());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_value_over_the_limit_is_an_error_and_stores_nothing(string kind)
    {
        using var backend = new KeyValueBackend(kind);
        var store = backend.Open();

        var error = Assert.Throws<KeyValueException>(() => store.Set("big", new byte[KeyValueLimits.MaxValueBytes + 1]));
        store.Set("at-limit", new byte[KeyValueLimits.MaxValueBytes]);

        Assert.IsType<KeyValueError.Other>(error.Error);
        Assert.Contains($"{KeyValueLimits.MaxValueBytes} bytes", error.Message);
        Assert.False(store.Exists("big"));
        Assert.Equal(KeyValueLimits.MaxValueBytes, store.Get("at-limit")!.Length);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Incrementing_a_value_that_is_not_an_integer_is_an_error(string kind)
    {
        using var backend = new KeyValueBackend(kind);
        var store = backend.Open();
        store.Set("text", "not a number"u8);

        var error = Assert.Throws<KeyValueException>(() => store.Increment("text", 1));

        Assert.IsType<KeyValueError.Other>(error.Error);
        Assert.Equal("not a number"u8.ToArray(), store.Get("text"));
    }
}
