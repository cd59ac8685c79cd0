using Capsule.Runtime.Running;

namespace Capsule.Hosting.Services.Sqlite;

/// <summary>
/// The database connections one instance has open: only labels its component lists
/// (else <see cref="SqliteError.AccessDenied"/>), at most <see cref="SqliteLimits.MaxOpenConnections"/>.
/// Disposing closes what the guest left open. Each connection is bound by a <see cref="SqliteSandbox"/>;
/// its statements stop at the deadline <paramref name="deadline"/> gives (none when null).
/// </summary>
public sealed class SqliteConnectionTable(
    SqliteDatabases databases, IReadOnlySet<string> allowedLabels, int capacity = SqliteLimits.MaxOpenConnections, Func<RunDeadline?>? deadline = null) : IDisposable
{
    private readonly Func<RunDeadline?> deadline = deadline ?? (static () => null);

    private readonly OpenHandles<SqliteDatabaseConnection> open = new(capacity);

    /// <summary>Opens a new connection to <paramref name="label"/>; returns its handle.</summary>
    public int Open(string label)
    {
        if (!allowedLabels.Contains(label))
        {
            throw new SqliteDatabaseException(new SqliteError.AccessDenied());
        }
        var file = databases.Find(label) ?? throw new SqliteDatabaseException(new SqliteError.NoSuchDatabase());
        if (open.IsFull)
        {
            throw SqliteDatabaseException.Io($"too many connections are open in this instance (at most {open.Capacity})");
        }
        try
        {
            var connection = file.Open();
            try
            {
                return open.Add(new SqliteDatabaseConnection(connection, SqliteSandbox.Apply(connection.Handle!, file.MaxSizeBytes, deadline)));
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw SqliteDatabaseException.Io(e.Message);
        }
        catch (SqliteFileException e)
        {
            throw SqliteDatabaseException.Io($"the database file {e.Problem}");
        }
    }

    /// <summary>The connection behind <paramref name="handle"/>.</summary>
    public SqliteDatabaseConnection Get(int handle) =>
        open.TryGet(handle, out var connection) ? connection : throw new SqliteDatabaseException(new SqliteError.InvalidConnection());

    /// <summary>Closes <paramref name="handle"/>; closing twice is harmless.</summary>
    public void Close(int handle) => open.Remove(handle)?.Dispose();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var connection in open.Items.ToList())
        {
            connection.Dispose();
        }
    }
}
