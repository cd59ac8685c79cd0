using Capsule.Runtime.Running;
using SQLitePCL;

namespace Capsule.Hosting.Services.Sqlite;

/// <summary>
/// What binds a guest's connection: SQLite's limits (no attached database, bounded values and statement
/// text, the database's size quota), defensive mode, an authorizer that refuses <c>ATTACH</c>/<c>DETACH</c>
/// (and so <c>VACUUM</c>, which attaches), extension loading and every pragma not on
/// <see cref="SqlitePragmas"/>'s list, a progress handler that stops a statement at the run's deadline or
/// cancellation, and a busy timeout that ends by the deadline. One per connection, on the instance's thread; it keeps the callbacks alive.
/// </summary>
internal sealed class SqliteSandbox
{
    // Not in SQLitePCLRaw's constants: sqlite3.h's values.
    private const int DbConfigEnableLoadExtension = 1005;
    private const int DbConfigDefensive = 1010;
    private const int DbConfigTrustedSchema = 1017;

    // VM instructions between deadline checks: ~10-100 µs of work, a clock read each.
    private const int ProgressInterval = 1000;

    private readonly Func<RunDeadline?> deadline;
    private readonly delegate_authorizer authorizer;
    private readonly delegate_progress progress;
    private bool stepping;

    private SqliteSandbox(Func<RunDeadline?> deadline)
    {
        this.deadline = deadline;
        authorizer = Authorize;
        progress = OnProgress;
    }

    /// <summary>Why the authorizer refused the last statement (null when it did not).</summary>
    public string? Refusal { get; private set; }

    /// <summary>The run's deadline, when the connection serves one.</summary>
    public RunDeadline? Deadline => deadline();

    /// <summary>
    /// Binds <paramref name="db"/> (freshly opened; the host's own set-up already ran on it): the database (and
    /// the connection's temporary one) may hold <paramref name="maxBytes"/> at most; statements stop at the
    /// deadline <paramref name="deadline"/> gives (read at each check: a reused instance's changes per request).
    /// </summary>
    public static SqliteSandbox Apply(sqlite3 db, long maxBytes, Func<RunDeadline?> deadline)
    {
        var maxPageCount = Math.Max(1, maxBytes / PageSize(db));
        var sandbox = new SqliteSandbox(deadline);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_ATTACHED, 0);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_LENGTH, SqliteLimits.MaxValueBytes);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_SQL_LENGTH, SqliteLimits.MaxStatementBytes);
        Check(db, raw.sqlite3_db_config(db, DbConfigDefensive, 1, out _));
        Check(db, raw.sqlite3_db_config(db, DbConfigTrustedSchema, 0, out _));
        Check(db, raw.sqlite3_db_config(db, DbConfigEnableLoadExtension, 0, out _));
        // The quota is a connection setting: set on main and temp before the authorizer forbids it.
        Exec(db, $"PRAGMA main.max_page_count = {maxPageCount}");
        Exec(db, $"PRAGMA temp.max_page_count = {maxPageCount}");
        raw.sqlite3_set_authorizer(db, sandbox.authorizer, null);
        raw.sqlite3_progress_handler(db, ProgressInterval, sandbox.progress, null);
        return sandbox;
    }

    /// <summary>Marks whether statements are being stepped (VACUUM's inner ATTACH happens then) rather than prepared.</summary>
    public void Stepping(bool value) => stepping = value;

    /// <summary>
    /// Before a new statement: forgets the last refusal, and makes SQLite's busy timeout (a writer waiting for
    /// another, which no progress handler sees) end by the run's deadline.
    /// </summary>
    public void Reset(sqlite3 db)
    {
        Refusal = null;
        var wait = SqliteFile.BusyTimeout;
        if (deadline() is { Remaining: var left } && left != Timeout.InfiniteTimeSpan && left < wait)
        {
            wait = left;
        }
        raw.sqlite3_busy_timeout(db, (int)Math.Ceiling(wait.TotalMilliseconds));
    }

    private int Authorize(object userData, int action, utf8z first, utf8z second, utf8z database, utf8z trigger)
    {
        switch (action)
        {
            case raw.SQLITE_ATTACH:
                return Deny(stepping
                    ? "VACUUM is not allowed: it attaches another database file (a guest reaches only the databases its component lists)"
                    : "ATTACH is not allowed: a guest reaches only the databases its component lists, each through its own connection");
            case raw.SQLITE_DETACH:
                return Deny("DETACH is not allowed: no database is attached");
            case raw.SQLITE_PRAGMA:
                var name = first.utf8_to_string();
                return SqlitePragmas.Allows(name, second.utf8_to_string())
                    ? raw.SQLITE_OK
                    : Deny($"PRAGMA {name}{(second.utf8_to_string() is null ? "" : " with a value")} is not allowed (a guest may run the pragmas listed in Capsule's README)");
            case raw.SQLITE_FUNCTION when string.Equals(second.utf8_to_string(), "load_extension", StringComparison.OrdinalIgnoreCase):
                return Deny("load_extension is not allowed");
            default:
                return raw.SQLITE_OK;
        }
    }

    private int Deny(string reason)
    {
        Refusal ??= reason;
        return raw.SQLITE_DENY;
    }

    // Non-zero interrupts the statement (SQLITE_INTERRUPT); the caller then throws the run's stop.
    private int OnProgress(object userData) => deadline()?.IsDue() == true ? 1 : 0;

    private static long PageSize(sqlite3 db)
    {
        Check(db, raw.sqlite3_prepare_v2(db, "PRAGMA main.page_size", out var stmt));
        using (stmt)
        {
            return raw.sqlite3_step(stmt) == raw.SQLITE_ROW ? raw.sqlite3_column_int64(stmt, 0) : 4096;
        }
    }

    private static void Exec(sqlite3 db, string sql) => Check(db, raw.sqlite3_exec(db, sql));

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw SqliteDatabaseException.Io(raw.sqlite3_errmsg(db).utf8_to_string());
        }
    }
}
