using Capsule.Hosting.Generated.Fermyon.Spin.Redis;
using Capsule.Hosting.Services.KeyValue;
using Capsule.Wit.Bindings;

namespace Capsule.Hosting.Services.Redis;

/// <summary>
/// <c>fermyon:spin/redis@2.0.0</c> for one instance: <c>connection.open(address)</c> is allowed only
/// when the component's <c>allowed_outbound_hosts</c> lists the address (<c>redis://host:port</c>;
/// otherwise <c>invalid-address</c>, as Spin answers), and an instance holds at most
/// <see cref="MaxConnections"/> connections. Failures are the interface's errors, never traps.
/// </summary>
internal sealed class OutboundRedisHost(RedisConnections servers, GuestGrants grants) : IRedis, IConnectionHost
{
    /// <summary>Most connections one instance holds open at once (then <c>too-many-connections</c>).</summary>
    public const int MaxConnections = 64;

    private readonly OpenHandles<RedisCommands> _open = new(MaxConnections);

    public IConnectionHost Connection => this;

    public Result<Resource<Connection>, Error> Open(string address) => Call(() =>
    {
        if (!RedisAddress.TryParse(address, out var parsed, out _) || !Allowed(parsed!))
        {
            throw new RedisCallException(new RedisCallError.InvalidAddress());
        }
        if (_open.IsFull)
        {
            throw new RedisCallException(new RedisCallError.TooManyConnections());
        }
        return new Resource<Connection>((uint)_open.Add(new RedisCommands(servers.Open(parsed!), parsed!)));
    });

    public Result<Unit, Error> Publish(Borrow<Connection> self, string channel, ReadOnlySpan<byte> payload)
    {
        var copy = payload.ToArray();
        return Call(() =>
        {
            CommandsOf(self).Publish(channel, copy);
            return default(Unit);
        });
    }

    public Result<byte[]?, Error> Get(Borrow<Connection> self, string key) => Call(() => CommandsOf(self).Get(key));

    public Result<Unit, Error> Set(Borrow<Connection> self, string key, ReadOnlySpan<byte> value)
    {
        var copy = value.ToArray();
        return Call(() =>
        {
            CommandsOf(self).Set(key, copy);
            return default(Unit);
        });
    }

    public Result<long, Error> Incr(Borrow<Connection> self, string key) => Call(() => CommandsOf(self).Incr(key));

    public Result<uint, Error> Del(Borrow<Connection> self, IReadOnlyList<string> keys) => Call(() => CommandsOf(self).Del(keys));

    public Result<uint, Error> Sadd(Borrow<Connection> self, string key, IReadOnlyList<string> values) => Call(() => CommandsOf(self).Sadd(key, values));

    public Result<IReadOnlyList<string>, Error> Smembers(Borrow<Connection> self, string key) => Call(() => CommandsOf(self).Smembers(key));

    public Result<uint, Error> Srem(Borrow<Connection> self, string key, IReadOnlyList<string> values) => Call(() => CommandsOf(self).Srem(key, values));

    public Result<IReadOnlyList<RedisResult>, Error> Execute(Borrow<Connection> self, string command, IReadOnlyList<RedisParameter> arguments) =>
        Call<IReadOnlyList<RedisResult>>(() =>
        {
            var args = arguments.Select(a => a switch
            {
                RedisParameter.Int64 n => (object)n.Value,
                RedisParameter.Binary b => b.Value,
                _ => throw RedisCallException.Other("unknown parameter"),
            }).ToList();
            return [.. CommandsOf(self).Execute(command, args).Select(ToWit)];
        });

    public void Drop(Resource<Connection> self) => _open.Remove((int)self.Handle);

    // The address as allowed_outbound_hosts entries are matched (scheme, host, port).
    private bool Allowed(RedisAddress address)
    {
        var uri = new Uri($"{(address.Tls ? "rediss" : "redis")}://{address.Host}:{address.Port}");
        return grants.AllowedOutboundHosts.Any(h => h.Matches(uri));
    }

    private RedisCommands CommandsOf(Borrow<Connection> self) =>
        _open.TryGet((int)self.Handle, out var commands) ? commands : throw RedisCallException.Other("no such connection");

    private static RedisResult ToWit(RedisReply reply) => reply switch
    {
        RedisReply.Status s => new RedisResult.Status(s.Text),
        RedisReply.Int64 n => new RedisResult.Int64(n.Value),
        RedisReply.Binary b => new RedisResult.Binary(b.Value),
        _ => new RedisResult.Nil(),
    };

    // The one place this interface's errors are made.
    private static Result<T, Error> Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RedisCallException e)
        {
            return e.Error switch
            {
                RedisCallError.InvalidAddress => new Error.InvalidAddress(),
                RedisCallError.TooManyConnections => new Error.TooManyConnections(),
                RedisCallError.TypeError => new Error.TypeError(),
                RedisCallError.Other other => new Error.Other(other.Message),
                _ => new Error.Other(e.Message),
            };
        }
    }
}
