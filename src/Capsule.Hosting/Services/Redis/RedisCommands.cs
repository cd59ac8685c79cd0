using System.Collections.Frozen;
using Capsule.Hosting.Services.KeyValue;
using Capsule.Runtime.Running;
using StackExchange.Redis;

namespace Capsule.Hosting.Services.Redis;

/// <summary>
/// The operations of <c>fermyon:spin/redis@2.0.0</c>'s <c>connection</c> on one Redis database, and
/// the one place the client's exceptions become the interface's errors. Host calls are
/// synchronous: each waits on the client's task (letting the pool add a thread while it blocks).
/// </summary>
/// <param name="connection">The shared connection to the server.</param>
/// <param name="address">Where it is, for messages (never with its password).</param>
public sealed class RedisCommands(ConnectionMultiplexer connection, RedisAddress address)
{
    /// <summary>The most bytes one reply may hand a guest (as key-value's one read).</summary>
    public const long MaxResultBytes = KeyValueLimits.MaxResultBytes;

    // Commands that would block or take over the connection every instance shares (blocking pops,
    // pub/sub mode, transactions, connection state), refused by name.
    private static readonly FrozenSet<string> Refused = new[]
    {
        "BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "WAIT", "WAITAOF",
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
        "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "SELECT", "QUIT", "RESET", "CLIENT", "HELLO", "AUTH", "SYNC", "PSYNC",
        "SHUTDOWN", "DEBUG",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private IDatabase Database => connection.GetDatabase(address.Database);

    /// <summary>PUBLISH.</summary>
    public void Publish(string channel, byte[] payload) =>
        Run(() => Wait(connection.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), payload)));

    /// <summary>GET: the value, or null when the key is not set.</summary>
    public byte[]? Get(string key) => Bounded(Run(() => (byte[]?)Wait(Database.StringGetAsync(key))));

    /// <summary>SET.</summary>
    public void Set(string key, byte[] value) => Run(() => Wait(Database.StringSetAsync(key, value)));

    /// <summary>INCR.</summary>
    public long Incr(string key) => Run(() => Wait(Database.StringIncrementAsync(key)));

    /// <summary>DEL: how many keys were removed.</summary>
    public uint Del(IReadOnlyList<string> keys) => keys.Count == 0 ? 0 : (uint)Run(() => Wait(Database.KeyDeleteAsync([.. keys.Select(k => (RedisKey)k)])));

    /// <summary>SADD: how many values were new.</summary>
    public uint Sadd(string key, IReadOnlyList<string> values) => (uint)Run(() => Wait(Database.SetAddAsync(key, [.. values.Select(v => (RedisValue)v)])));

    /// <summary>SREM: how many values were removed.</summary>
    public uint Srem(string key, IReadOnlyList<string> values) => (uint)Run(() => Wait(Database.SetRemoveAsync(key, [.. values.Select(v => (RedisValue)v)])));

    /// <summary>SMEMBERS.</summary>
    public IReadOnlyList<string> Smembers(string key)
    {
        var members = Run(() => Wait(Database.SetMembersAsync(key)));
        var bytes = 0L;
        var result = new List<string>(members.Length);
        foreach (var member in members)
        {
            var text = (string?)member ?? "";
            bytes += text.Length;
            if (bytes > MaxResultBytes)
            {
                throw TooLarge();
            }
            result.Add(text);
        }
        return result;
    }

    /// <summary>Any command; its reply flattened into Spin's <c>redis-result</c> list (nested arrays in order).</summary>
    public IReadOnlyList<RedisReply> Execute(string command, IReadOnlyList<object> arguments)
    {
        if (string.IsNullOrWhiteSpace(command) || command.Any(char.IsWhiteSpace))
        {
            throw RedisCallException.Other($"'{command}' is not a Redis command name");
        }
        if (Refused.Contains(command))
        {
            throw RedisCallException.Other($"{command.ToUpperInvariant()} is not available to guests (it would block or take over the connection the host shares)");
        }
        var reply = Run(() => Wait(Database.ExecuteAsync(command, [.. arguments])));
        var flat = new List<RedisReply>();
        var bytes = 0L;
        Flatten(reply, flat, ref bytes);
        return flat;
    }

    private static void Flatten(RedisResult reply, List<RedisReply> into, ref long bytes)
    {
        switch (reply.Resp2Type)
        {
            case ResultType.Array:
                foreach (var item in (RedisResult[])reply!)
                {
                    Flatten(item, into, ref bytes);
                }
                return;
            case ResultType.Integer:
                into.Add(new RedisReply.Int64((long)reply));
                return;
            case ResultType.SimpleString:
                into.Add(new RedisReply.Status((string?)reply ?? ""));
                return;
            case ResultType.BulkString when !reply.IsNull:
                var value = (byte[])reply!;
                bytes += value.Length;
                if (bytes > MaxResultBytes)
                {
                    throw TooLarge();
                }
                into.Add(new RedisReply.Binary(value));
                return;
            default:
                into.Add(new RedisReply.Nil());
                return;
        }
    }

    private static byte[]? Bounded(byte[]? value) => value is { LongLength: > MaxResultBytes } ? throw TooLarge() : value;

    private static RedisCallException TooLarge() => RedisCallException.Other($"the reply exceeds the limit of {MaxResultBytes} bytes");

    /// <summary>Waits on a client task from a synchronous host call (see <see cref="LongRunningGuests"/>).</summary>
    internal static T Wait<T>(Task<T> reply)
    {
        if (reply.IsCompleted)
        {
            return reply.GetAwaiter().GetResult();
        }
        using var blocking = LongRunningGuests.Blocking();
        return reply.GetAwaiter().GetResult();
    }

    // The client's messages carry its internals; the guest gets a short cause, and type errors their case.
    private T Run<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RedisServerException e) when (e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal)
            || e.Message.Contains("not an integer", StringComparison.Ordinal))
        {
            throw new RedisCallException(new RedisCallError.TypeError());
        }
        catch (RedisServerException e)
        {
            throw RedisCallException.Other($"redis: {e.Message}");
        }
        catch (RedisConnectionException e)
        {
            throw RedisCallException.Other($"redis at {address.Host}:{address.Port} is unreachable ({e.FailureType})");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw RedisCallException.Other($"redis at {address.Host}:{address.Port} did not answer ({e.GetType().Name})");
        }
        catch (ObjectDisposedException)
        {
            throw RedisCallException.Other("the redis connection is closed (the host is stopping)");
        }
    }
}

/// <summary>One value of an <c>execute</c> reply (Spin's <c>redis-result</c>).</summary>
public abstract record RedisReply
{
    /// <summary>A nil reply.</summary>
    public sealed record Nil : RedisReply;

    /// <summary>A status reply (e.g. OK).</summary>
    /// <param name="Text">The status.</param>
    public sealed record Status(string Text) : RedisReply;

    /// <summary>An integer reply.</summary>
    /// <param name="Value">The integer.</param>
    public sealed record Int64(long Value) : RedisReply;

    /// <summary>A bulk string.</summary>
    /// <param name="Value">Its bytes.</param>
    public sealed record Binary(byte[] Value) : RedisReply;
}
