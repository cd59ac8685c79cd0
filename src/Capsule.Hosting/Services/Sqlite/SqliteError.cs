namespace Capsule.Hosting.Services.Sqlite;

/// <summary>Why a database call failed: the error cases of Spin's <c>sqlite</c> interface (2.0.0 and 3.0.0).</summary>
public abstract record SqliteError
{
    private SqliteError()
    {
    }

    /// <summary>No database has this label in the app.</summary>
    public sealed record NoSuchDatabase : SqliteError;

    /// <summary>The component does not list the label in its <c>sqlite_databases</c>.</summary>
    public sealed record AccessDenied : SqliteError;

    /// <summary>The connection is not open (closed, or too many are open: Spin has no table-full case).</summary>
    public sealed record InvalidConnection : SqliteError;

    /// <summary>The disk or the database's size limit is full.</summary>
    public sealed record DatabaseFull : SqliteError;

    /// <summary>Anything else, with SQLite's message (a syntax error, a constraint, …).</summary>
    public sealed record Io(string Message) : SqliteError;
}
