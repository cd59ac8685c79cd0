using StackExchange.Redis;

namespace Capsule.Hosting.Services.KeyValue;

/// <summary>
/// A Redis server as Spin's runtime config names it: <c>redis://[user[:password]@]host[:port][/db]</c>
/// (<c>rediss://</c> for TLS). The password is kept out of <see cref="ToString"/>, so an address
/// may appear in logs and errors.
/// </summary>
public sealed record RedisAddress(string Host, int Port, int Database, bool Tls, string? User, string? Password)
{
    /// <summary>Port Redis listens on unless the URL says otherwise.</summary>
    public const int DefaultPort = 6379;

    /// <summary>Parses <paramref name="url"/>; on failure <paramref name="error"/> says why (never quoting the password).</summary>
    public static bool TryParse(string url, out RedisAddress? address, out string? error)
    {
        address = null;
        error = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            error = "expected a URL like redis://host:6379 or rediss://user:password@host:6380/0";
            return false;
        }
        var database = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !(int.TryParse(path, System.Globalization.NumberStyles.None, null, out database) && database <= 15_999))
        {
            error = $"the database after the host must be a number (found '/{path}')";
            return false;
        }
        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = parts[0].Length == 0 ? null : Uri.UnescapeDataString(parts[0]);
            password = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : null;
        }
        address = new RedisAddress(uri.Host, uri.IsDefaultPort ? DefaultPort : uri.Port, database, uri.Scheme == "rediss", user, password);
        return true;
    }

    /// <summary>
    /// StackExchange.Redis options: never give up connecting (a server that is down at start-up
    /// is retried), fail a command at once while disconnected instead of queueing it, and retry
    /// the connection every half second so a restarted server is used again within a second.
    /// </summary>
    public ConfigurationOptions Options()
    {
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new LinearRetry(500),
            // A refused connection fails at once; these bound a server that does not answer
            // (generous: a loaded host must not turn a slow first connect into errors).
            ConnectTimeout = 15000,
            SyncTimeout = 10000,
            AsyncTimeout = 10000,
            DefaultDatabase = Database,
            Ssl = Tls,
            User = User,
            Password = Password,
        };
        options.EndPoints.Add(Host, Port);
        return options;
    }

    /// <summary>The address without the password.</summary>
    public override string ToString() =>
        $"{(Tls ? "rediss" : "redis")}://{(User is null ? "" : $"{User}@")}{Host}:{Port}/{Database}";
}
