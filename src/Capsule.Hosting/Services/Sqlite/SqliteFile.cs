using Microsoft.Data.Sqlite;

namespace Capsule.Hosting.Services.Sqlite;

/// <summary>
/// One SQLite file shared by every instance of an app: pooled connections,
/// WAL journal (readers never wait for the writer), a busy timeout so
/// concurrent writers queue instead of failing, and full sync so a committed
/// write survives a crash. The file and its folder are created on first use.
/// </summary>
public sealed class SqliteFile
{
    /// <summary>How long a writer waits for another one before the call fails (SQLite's busy timeout).</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string connectionString;
    private readonly Lock setupLock = new();
    private readonly HashSet<string> preparedSchemas = [];
    private bool walSet;
    private long maxPageCount;
    private readonly Action? beforeFirstOpen;

    // SQLite's heap limits are process-wide: set once, with the library, for every database and store.
    static SqliteFile()
    {
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_hard_heap_limit64(SqliteLimits.HeapLimitBytes);
        SQLitePCL.raw.sqlite3_soft_heap_limit64(SqliteLimits.SoftHeapLimitBytes);
    }

    /// <summary>
    /// The file at <paramref name="path"/> (made absolute); nothing is opened yet. Unpooled
    /// connections start fresh (a guest's connection must not inherit another's last insert rowid).
    /// A connection may grow the file to <paramref name="maxSizeBytes"/> at most. <paramref name="beforeFirstOpen"/>,
    /// when given, runs before the file is first opened (the state folder's files are checked and created there).
    /// </summary>
    public SqliteFile(string path, bool pooled = true, long maxSizeBytes = SqliteLimits.DefaultMaxDatabaseBytes, Action? beforeFirstOpen = null)
    {
        this.beforeFirstOpen = beforeFirstOpen;
        Path = System.IO.Path.GetFullPath(path);
        MaxSizeBytes = maxSizeBytes;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = pooled,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The file's absolute path.</summary>
    public string Path { get; }

    /// <summary>The size quota of the database (its pages; SQLite's max_page_count).</summary>
    public long MaxSizeBytes { get; }

    /// <summary>
    /// An open connection (the caller disposes it, returning it to the pool).
    /// <paramref name="schema"/>, when given, runs once per file before the first use.
    /// Fails with <see cref="SqliteFileException"/> when the file cannot be a database.
    /// </summary>
    public SqliteConnection Open(string? schema = null)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            if (!walSet)
            {
                beforeFirstOpen?.Invoke();
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            }
            connection.Open();
            SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, (int)BusyTimeout.TotalMilliseconds);
            Prepare(connection, schema);
            return connection;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_NOTADB)
        {
            connection.Dispose();
            throw NotADatabase();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            connection.Dispose();
            throw new SqliteFileException(Path, $"cannot be opened ({e.Message})");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// At start-up: refuses a file that exists but is not an SQLite database
    /// (or cannot be read), with a message naming it. A missing file is fine: it is created on first use.
    /// </summary>
    public void Check()
    {
        if (!File.Exists(Path))
        {
            return;
        }
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA schema_version";
            command.ExecuteScalar();
        }
        catch (SqliteException e)
        {
            throw new SqliteFileException(Path, $"cannot be used as an SQLite database ({e.Message})");
        }
    }

    private void Prepare(SqliteConnection connection, string? schema)
    {
        lock (setupLock)
        {
            if (!walSet)
            {
                // WAL is a property of the file: set once, it stays for every later connection.
                Execute(connection, "PRAGMA journal_mode = WAL");
                walSet = true;
            }
            if (schema is not null && preparedSchemas.Add(schema))
            {
                Execute(connection, schema);
            }
        }
        // The quota is a connection setting (pooled connections keep it): a write past it fails with SQLITE_FULL.
        if (maxPageCount == 0)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size";
            maxPageCount = Math.Max(1, MaxSizeBytes / Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }
        Execute(connection, $"PRAGMA main.max_page_count = {maxPageCount}");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteFileException NotADatabase() => new(Path, "is not an SQLite database (SQLite: file is not a database)");
}
