namespace Capsule.Hosting.Services.Sqlite;

/// <summary>Bounds of the database service per instance.</summary>
public static class SqliteLimits
{
    /// <summary>Connections one instance may hold open at once, 64 (each is an open file).</summary>
    public const int MaxOpenConnections = 64;

    /// <summary>Most bytes of cells one statement may return, 64 MiB; more is an <c>io</c> error, not a host out of memory.</summary>
    public const long MaxResultBytes = 64L * 1024 * 1024;
}
