using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Capsule.Hosting.Services.Sqlite;

/// <summary>
/// A guest's open connection to one database: runs one statement at a time with its
/// parameters bound by position (never spliced into the text) and returns typed rows.
/// SQLite's own API is used directly, so a cell keeps the type SQLite stored it with
/// and integers stay 64-bit. Not thread-safe: one instance uses it.
/// </summary>
public sealed class SqliteDatabaseConnection : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteSandbox sandbox;

    internal SqliteDatabaseConnection(SqliteConnection connection, SqliteSandbox sandbox)
    {
        this.connection = connection;
        this.sandbox = sandbox;
    }

    /// <summary>The rowid of this connection's last successful INSERT, or 0.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(connection.Handle);

    /// <summary>Rows changed by this connection's last INSERT, UPDATE or DELETE.</summary>
    public long Changes => raw.sqlite3_changes(connection.Handle);

    /// <summary>
    /// Runs <paramref name="statement"/> (one statement) with <paramref name="parameters"/>
    /// bound to its <c>?</c>, <c>?NNN</c>, <c>:name</c> placeholders in order.
    /// </summary>
    public QueryResult Execute(string statement, IReadOnlyList<SqlValue> parameters)
    {
        using var call = Runtime.Diagnostics.CapsuleTelemetry.StartServiceCall("sqlite", "execute");
        var db = connection.Handle;
        sandbox.Reset(db!);
        var rc = raw.sqlite3_prepare_v2(db, statement, out var prepared, out var tail);
        using var stmt = prepared;
        Check(rc);
        if (!string.IsNullOrWhiteSpace(tail) && !IsOnlyComments(tail))
        {
            throw SqliteDatabaseException.Io("only one statement may be executed at a time (the text has more after the first ';')");
        }
        if (stmt is null || stmt.IsInvalid)
        {
            return new QueryResult([], []);
        }
        var expected = raw.sqlite3_bind_parameter_count(stmt);
        if (parameters.Count != expected)
        {
            throw SqliteDatabaseException.Io($"the statement has {expected} parameter(s) but {parameters.Count} were given");
        }
        for (var i = 0; i < parameters.Count; i++)
        {
            Check(Bind(stmt, i + 1, parameters[i]));
        }
        var columns = new string[raw.sqlite3_column_count(stmt)];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = raw.sqlite3_column_name(stmt, i).utf8_to_string();
        }
        var rows = new List<IReadOnlyList<SqlValue>>();
        var bytes = 0L;
        while (true)
        {
            rc = Step(stmt);
            if (rc == raw.SQLITE_DONE)
            {
                return new QueryResult(columns, rows);
            }
            if (rc != raw.SQLITE_ROW)
            {
                Check(rc);
            }
            var row = new SqlValue[columns.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Read(stmt, i, ref bytes);
            }
            rows.Add(row);
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => connection.Dispose();

    private static int Bind(sqlite3_stmt stmt, int index, SqlValue value) => value switch
    {
        SqlValue.Integer n => raw.sqlite3_bind_int64(stmt, index, n.Value),
        SqlValue.Real r => raw.sqlite3_bind_double(stmt, index, r.Value),
        SqlValue.Text t => raw.sqlite3_bind_text(stmt, index, t.Value),
        // An empty span would bind NULL: an empty blob is a zero-length blob.
        SqlValue.Blob { Value.Length: 0 } => raw.sqlite3_bind_zeroblob(stmt, index, 0),
        SqlValue.Blob b => raw.sqlite3_bind_blob(stmt, index, b.Value),
        _ => raw.sqlite3_bind_null(stmt, index),
    };

    // Steps with the sandbox told so (VACUUM's inner ATTACH is refused then), and turns a statement
    // stopped by the run's deadline or cancellation into the run's stop, which traps the guest.
    private int Step(sqlite3_stmt stmt)
    {
        sandbox.Stepping(true);
        int rc;
        try
        {
            rc = raw.sqlite3_step(stmt);
        }
        finally
        {
            sandbox.Stepping(false);
        }
        if (rc is raw.SQLITE_INTERRUPT or raw.SQLITE_BUSY && sandbox.Deadline is { } deadline && deadline.IsDue())
        {
            throw deadline.Stopped();
        }
        return rc;
    }

    // Each cell's size is read before it is copied: a result past the bound is refused with nothing copied.
    private static SqlValue Read(sqlite3_stmt stmt, int column, ref long bytes)
    {
        switch (raw.sqlite3_column_type(stmt, column))
        {
            case raw.SQLITE_INTEGER:
                Count(ref bytes, sizeof(long));
                return new SqlValue.Integer(raw.sqlite3_column_int64(stmt, column));
            case raw.SQLITE_FLOAT:
                Count(ref bytes, sizeof(double));
                return new SqlValue.Real(raw.sqlite3_column_double(stmt, column));
            case raw.SQLITE_TEXT:
                var text = raw.sqlite3_column_text(stmt, column);
                Count(ref bytes, raw.sqlite3_column_bytes(stmt, column));
                return new SqlValue.Text(text.utf8_to_string());
            case raw.SQLITE_BLOB:
                // Bytes first: a zeroblob is counted without being made.
                Count(ref bytes, raw.sqlite3_column_bytes(stmt, column));
                return new SqlValue.Blob(raw.sqlite3_column_blob(stmt, column).ToArray());
            default:
                return new SqlValue.Null();
        }
    }

    private static void Count(ref long bytes, long cell)
    {
        bytes += cell;
        if (bytes > SqliteLimits.MaxResultBytes)
        {
            throw SqliteDatabaseException.Io($"the query result exceeds the limit of {SqliteLimits.MaxResultBytes} bytes");
        }
    }

    // SQLite's message for the connection's last error: a syntax error reads as SQLite wrote it.
    private void Check(int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE)
        {
            return;
        }
        var message = raw.sqlite3_errmsg(connection.Handle).utf8_to_string();
        throw (rc & 0xff) switch
        {
            raw.SQLITE_FULL => new SqliteDatabaseException(new SqliteError.DatabaseFull()),
            raw.SQLITE_AUTH when sandbox.Refusal is { } refusal => SqliteDatabaseException.Io(refusal),
            raw.SQLITE_NOMEM => SqliteDatabaseException.Io($"{message} (SQLite's memory is bounded: {SqliteLimits.HeapLimitBytes / (1024 * 1024)} MiB for the whole process)"),
            raw.SQLITE_TOOBIG => SqliteDatabaseException.Io($"{message} (a text or blob is at most {SqliteLimits.MaxValueBytes} bytes, a statement {SqliteLimits.MaxStatementBytes})"),
            _ => SqliteDatabaseException.Io(message),
        };
    }

    private static bool IsOnlyComments(string text)
    {
        var rest = text.AsSpan().Trim();
        while (!rest.IsEmpty)
        {
            if (rest.StartsWith("--"))
            {
                var end = rest.IndexOf('\n');
                rest = end < 0 ? [] : rest[(end + 1)..].TrimStart();
            }
            else if (rest.StartsWith("/*"))
            {
                var end = rest.IndexOf("*/");
                rest = end < 0 ? [] : rest[(end + 2)..].TrimStart();
            }
            else if (rest[0] == ';')
            {
                rest = rest[1..].TrimStart();
            }
            else
            {
                return false;
            }
        }
        return true;
    }
}
