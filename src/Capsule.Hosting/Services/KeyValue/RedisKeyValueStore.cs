using Capsule.Runtime.Running;
using StackExchange.Redis;

namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// A key-value store on a Redis database shared by several Capsule hosts. As in
/// Spin, a label is a whole database: keys are not prefixed, and get-keys scans
/// it. The connection is made on first use and re-made in the background after
/// the server goes away; while it is down every call fails at once with an
/// <see cref="KeyValueError.Other"/> error, and succeeds again once it is back.
/// </summary>
public sealed class RedisKeyValueStore(RedisAddress address) : IKeyValueStore, IDisposable
{
    private readonly Lock gate = new();
    private Task<ConnectionMultiplexer>? connecting;

    /// <summary>Where the store is (without its password).</summary>
    public RedisAddress Address { get; } = address;

    /// <inheritdoc/>
    public byte[]? Get(string key)
    {
        KeyValueLimits.CheckKey(key);
        return Checked((byte[]?)Run(db => Wait(db.StringGetAsync(key))));
    }

    /// <inheritdoc/>
    public void Set(string key, ReadOnlySpan<byte> value)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        var copy = value.ToArray();
        if (!Run(db => Wait(db.StringSetAsync(key, copy))))
        {
            throw KeyValueException.Other("redis did not set the value");
        }
    }

    /// <inheritdoc/>
    public void Delete(string key)
    {
        KeyValueLimits.CheckKey(key);
        Run(db => Wait(db.KeyDeleteAsync(key)));
    }

    /// <inheritdoc/>
    public bool Exists(string key)
    {
        KeyValueLimits.CheckKey(key);
        return Run(db => Wait(db.KeyExistsAsync(key)));
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetKeys() => Run<IReadOnlyList<string>>(db =>
    {
        var keys = new List<string>();
        var bytes = 0L;
        foreach (var server in db.Multiplexer.GetServers())
        {
            foreach (var key in server.Keys(db.Database, "*", pageSize: 1000))
            {
                var text = (string)key!;
                bytes += text.Length;
                if (bytes > KeyValueLimits.MaxResultBytes)
                {
                    throw KeyValueException.Other($"result exceeds the limit of {KeyValueLimits.MaxResultBytes} bytes");
                }
                keys.Add(text);
            }
        }
        return keys;
    });

    /// <inheritdoc/>
    public long Increment(string key, long delta)
    {
        KeyValueLimits.CheckKey(key);
        return Run(db => Wait(db.StringIncrementAsync(key, delta)));
    }

    /// <inheritdoc/>
    public bool CompareAndSwap(string key, byte[]? expected, ReadOnlySpan<byte> value)
    {
        KeyValueLimits.CheckKey(key);
        KeyValueLimits.CheckValue(value);
        var copy = value.ToArray();
        return Run(db =>
        {
            // MULTI/EXEC under a WATCH of the condition: the set happens only if the value is still the expected one.
            var transaction = db.CreateTransaction();
            transaction.AddCondition(expected is null ? Condition.KeyNotExists(key) : Condition.StringEqual(key, expected));
            _ = transaction.StringSetAsync(key, copy);
            return Wait(transaction.ExecuteAsync());
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, byte[]>> GetMany(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            KeyValueLimits.CheckKey(key);
        }
        var distinct = keys.Distinct(StringComparer.Ordinal).ToArray();
        return Run(db =>
        {
            var values = Wait(db.StringGetAsync([.. distinct.Select(k => (RedisKey)k)]));
            var found = new List<KeyValuePair<string, byte[]>>();
            var bytes = 0L;
            for (var i = 0; i < distinct.Length; i++)
            {
                if (Checked((byte[]?)values[i]) is { } value)
                {
                    bytes += distinct[i].Length + value.Length;
                    if (bytes > KeyValueLimits.MaxResultBytes)
                    {
                        throw KeyValueException.Other($"result exceeds the limit of {KeyValueLimits.MaxResultBytes} bytes");
                    }
                    found.Add(new(distinct[i], value));
                }
            }
            return found;
        });
    }

    /// <inheritdoc/>
    public void SetMany(IReadOnlyList<KeyValuePair<string, byte[]>> pairs)
    {
        foreach (var (key, value) in pairs)
        {
            KeyValueLimits.CheckKey(key);
            KeyValueLimits.CheckValue(value);
        }
        if (pairs.Count == 0)
        {
            return;
        }
        Run(db => Wait(db.StringSetAsync([.. pairs.Select(p => new KeyValuePair<RedisKey, RedisValue>(p.Key, p.Value))])));
    }

    /// <inheritdoc/>
    public void DeleteMany(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            KeyValueLimits.CheckKey(key);
        }
        if (keys.Count == 0)
        {
            return;
        }
        Run(db => Wait(db.KeyDeleteAsync([.. keys.Select(k => (RedisKey)k)])));
    }

    /// <summary>Closes the connection, if one was made.</summary>
    public void Dispose()
    {
        Task<ConnectionMultiplexer>? made;
        lock (gate)
        {
            made = connecting;
            connecting = Task.FromException<ConnectionMultiplexer>(new ObjectDisposedException(nameof(RedisKeyValueStore)));
        }
        if (made is { IsCompletedSuccessfully: true })
        {
            made.Result.Dispose();
        }
    }

    // Made on first use; every caller waits on the one connecting task (not on a lock held
    // while connecting). The options never abort on a failed connect: a server that is down
    // yields a multiplexer that keeps retrying in the background. A failed attempt is retried.
    private IDatabase Database()
    {
        Task<ConnectionMultiplexer> connection;
        lock (gate)
        {
            if (connecting is null || (connecting.IsFaulted && connecting.Exception?.InnerException is not ObjectDisposedException))
            {
                connecting = ConnectionMultiplexer.ConnectAsync(Address.Options());
            }
            connection = connecting;
        }
        return Wait(connection).GetDatabase();
    }

    // A value another client stored may exceed what this host hands a guest.
    private static byte[]? Checked(byte[]? value) =>
        value is { Length: > KeyValueLimits.MaxValueBytes }
            ? throw KeyValueException.Other($"the stored value is larger than the limit of {KeyValueLimits.MaxValueBytes} bytes")
            : value;

    // Host calls are synchronous: a call waits on the client's own task (no continuation of
    // ours to schedule), and while it waits the pool may add a thread at once
    // (LongRunningGuests): replies are read on pool threads, and callers blocked on them
    // must not leave none to read them (a loaded host timed out every call).
    private static T Wait<T>(Task<T> reply)
    {
        if (reply.IsCompleted)
        {
            return reply.GetAwaiter().GetResult();
        }
        using var blocking = LongRunningGuests.Blocking();
        return reply.GetAwaiter().GetResult();
    }

    // The one place Redis's exceptions become the interface's error; their messages
    // carry client internals, so the guest gets a short cause instead.
    private T Run<T>(Func<IDatabase, T> action)
    {
        try
        {
            return action(Database());
        }
        catch (RedisConnectionException e)
        {
            throw KeyValueException.Other($"redis at {Address.Host}:{Address.Port} is unreachable ({e.FailureType})");
        }
        catch (RedisServerException e)
        {
            throw KeyValueException.Other($"redis: {e.Message}");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw KeyValueException.Other($"redis at {Address.Host}:{Address.Port} did not answer ({e.GetType().Name})");
        }
        catch (ObjectDisposedException)
        {
            throw KeyValueException.Other("the redis connection is closed (the host is stopping)");
        }
    }
}
