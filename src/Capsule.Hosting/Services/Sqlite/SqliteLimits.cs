namespace Capsule.Hosting.Services.Sqlite;

/// <summary>Bounds of the database service.</summary>
public static class SqliteLimits
{
    /// <summary>Connections one instance may hold open at once, 64 (each is an open file).</summary>
    public const int MaxOpenConnections = 64;

    /// <summary>Most bytes of cells one statement may return, 64 MiB; more is an <c>io</c> error, not a host out of memory.</summary>
    public const long MaxResultBytes = 64L * 1024 * 1024;

    /// <summary>Longest text or blob a guest's statement may make or store (SQLITE_LIMIT_LENGTH), 32 MiB (SQLite's default: 1 GB).</summary>
    public const int MaxValueBytes = 32 * 1024 * 1024;

    /// <summary>Longest statement text (SQLITE_LIMIT_SQL_LENGTH), 1 MiB: values travel as parameters.</summary>
    public const int MaxStatementBytes = 1024 * 1024;

    /// <summary>
    /// SQLite's heap in the whole process (its hard heap limit: an allocation past it fails the statement with
    /// "out of memory"), 256 MiB. SQLite's heap limits are process-wide, so every database and key-value
    /// store of the process shares this bound.
    /// </summary>
    public const long HeapLimitBytes = 256L * 1024 * 1024;

    /// <summary>Where SQLite starts giving back its page caches (soft heap limit), 64 MiB.</summary>
    public const long SoftHeapLimitBytes = 64L * 1024 * 1024;

    /// <summary>A database's size quota unless its runtime config sets <c>max_size</c>, 1 GiB.</summary>
    public const long DefaultMaxDatabaseBytes = 1L << 30;
}
