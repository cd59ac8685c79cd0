using System.Collections.Concurrent;
using Capsule.Hosting.Services.KeyValue;
using Capsule.Runtime.Running;
using StackExchange.Redis;

namespace Capsule.Hosting.Services.Redis;

/// <summary>
/// The process's connections to the Redis servers guests open (<c>fermyon:spin/redis</c>): one
/// StackExchange.Redis multiplexer per address, shared by every instance that opens it (a
/// multiplexer is built to be shared; one per <c>open</c> would cost a handshake per message).
/// A connect that fails is forgotten, so the next <c>open</c> tries again; a server that goes away
/// later fails calls at once until the client has reconnected (every half second). At most
/// <see cref="MaxServers"/> addresses are kept. Thread-safe.
/// </summary>
public sealed class RedisConnections : IDisposable
{
    /// <summary>Most distinct addresses connected at once (every database number is one).</summary>
    public const int MaxServers = 64;

    private readonly ConcurrentDictionary<RedisAddress, Lazy<Task<ConnectionMultiplexer>>> _servers = new();
    private volatile bool _disposed;

    /// <summary>
    /// The connection to <paramref name="address"/>, made on first use; throws
    /// <see cref="RedisCallException"/> when it cannot be made or too many servers are open.
    /// </summary>
    public ConnectionMultiplexer Open(RedisAddress address)
    {
        if (_disposed)
        {
            throw RedisCallException.Other("the redis connection is closed (the host is stopping)");
        }
        if (!_servers.ContainsKey(address) && _servers.Count >= MaxServers)
        {
            throw new RedisCallException(new RedisCallError.TooManyConnections());
        }
        var connecting = _servers.GetOrAdd(address, a => new Lazy<Task<ConnectionMultiplexer>>(() => Connect(a)));
        ConnectionMultiplexer connection;
        try
        {
            connection = RedisCommands.Wait(connecting.Value);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _servers.TryRemove(new KeyValuePair<RedisAddress, Lazy<Task<ConnectionMultiplexer>>>(address, connecting));
            throw RedisCallException.Other($"redis at {address.Host}:{address.Port} is unreachable ({Cause(e)})");
        }
        return connection.IsConnected || Reconnected(connection)
            ? connection
            : throw RedisCallException.Other($"redis at {address.Host}:{address.Port} is unreachable (reconnecting)");
    }

    // Spin connects afresh at each open; here the shared connection reconnects by itself (every
    // half second), so an open while it is away waits a little for it before failing.
    private static bool Reconnected(ConnectionMultiplexer connection)
    {
        using var blocking = LongRunningGuests.Blocking();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!connection.IsConnected && waited.Elapsed < ReconnectWait)
        {
            Thread.Sleep(20);
        }
        return connection.IsConnected;
    }

    /// <summary>How long an open waits for a shared connection that is reconnecting.</summary>
    public static readonly TimeSpan ReconnectWait = TimeSpan.FromSeconds(2);

    /// <summary>Closes every connection.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var server in _servers.Values)
        {
            if (server.IsValueCreated && server.Value.IsCompletedSuccessfully)
            {
                server.Value.Result.Dispose();
            }
        }
        _servers.Clear();
    }

    private static async Task<ConnectionMultiplexer> Connect(RedisAddress address)
    {
        var options = address.Options();
        // The first connect must succeed (the guest is told at open, as Spin's open does); later
        // the client reconnects by itself.
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        options.ConnectRetry = 1;
        options.ClientName = "capsule-outbound-redis";
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static string Cause(Exception e) => e is RedisConnectionException c ? c.FailureType.ToString() : e.GetType().Name;
}
