using Capsule.Hosting.Services.Sqlite;

namespace Capsule.Hosting.Tests.Services;

/// <summary>Spin's sqlite interface on real SQLite files.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDir dir = new();

    private SqliteDatabases Databases() => new([new("default", dir.Combine("state", "sqlite.db")), new("other", dir.Combine("other.db"))]);

    [Fact]
    public void Create_insert_with_parameters_and_select_typed_rows()
    {
        using var table = new SqliteConnectionTable(Databases(), new HashSet<string> { "default" });
        var db = table.Get(table.Open("default"));

        db.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT, b BLOB, z)", []);
        db.Execute("INSERT INTO t (n, r, s, b, z) VALUES (?, ?, ?, ?, ?)",
            [new SqlValue.Integer(long.MaxValue), new SqlValue.Real(0.5), new SqlValue.Text("héllo"), new SqlValue.Blob([0, 1, 255]), new SqlValue.Null()]);
        var inserted = db.LastInsertRowId;
        var changes = db.Changes;
        db.Execute("INSERT INTO t (n, b) VALUES (?1, ?2)", [new SqlValue.Integer(long.MinValue), new SqlValue.Blob([])]);
        var result = db.Execute("SELECT n, r, s, b, z FROM t WHERE id >= :first ORDER BY id", [new SqlValue.Integer(1)]);

        Assert.Equal(1, inserted);
        Assert.Equal(1, changes);
        Assert.Equal(["n", "r", "s", "b", "z"], result.Columns);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal<SqlValue>(
            [new SqlValue.Integer(long.MaxValue), new SqlValue.Real(0.5), new SqlValue.Text("héllo"), new SqlValue.Blob([0, 1, 255]), new SqlValue.Null()],
            result.Rows[0]);
        Assert.Equal<SqlValue>(
            [new SqlValue.Integer(long.MinValue), new SqlValue.Null(), new SqlValue.Null(), new SqlValue.Blob([]), new SqlValue.Null()],
            result.Rows[1]);
    }

    [Fact]
    public void A_parameter_is_bound_never_spliced()
    {
        using var table = new SqliteConnectionTable(Databases(), new HashSet<string> { "default" });
        var db = table.Get(table.Open("default"));
        db.Execute("CREATE TABLE t (s TEXT)", []);
        const string Hostile = "x'); DROP TABLE t; --";

        db.Execute("INSERT INTO t VALUES (?)", [new SqlValue.Text(Hostile)]);

        var rows = db.Execute("SELECT s FROM t", []).Rows;
        Assert.Equal(new SqlValue.Text(Hostile), Assert.Single(rows)[0]);
    }

    [Fact]
    public void A_syntax_error_is_an_io_error_with_SQLite_s_message()
    {
        using var table = new SqliteConnectionTable(Databases(), new HashSet<string> { "default" });
        var db = table.Get(table.Open("default"));

        var error = Assert.Throws<SqliteDatabaseException>(() => db.Execute("SELEC 1", []));
        var wrongCount = Assert.Throws<SqliteDatabaseException>(() => db.Execute("SELECT ?", []));
        var twoStatements = Assert.Throws<SqliteDatabaseException>(() => db.Execute("SELECT 1; SELECT 2", []));

        Assert.Equal(new SqliteError.Io("near \"SELEC\": syntax error"), error.Error);
        Assert.IsType<SqliteError.Io>(wrongCount.Error);
        Assert.IsType<SqliteError.Io>(twoStatements.Error);
        Assert.Equal(new SqlValue.Integer(1), db.Execute("SELECT 1; -- a comment", []).Rows[0][0]);
    }

    [Fact]
    public void Data_persists_across_a_restart()
    {
        using (var table = new SqliteConnectionTable(Databases(), new HashSet<string> { "default" }))
        {
            var db = table.Get(table.Open("default"));
            db.Execute("CREATE TABLE t (n INTEGER)", []);
            db.Execute("INSERT INTO t VALUES (42)", []);
        }

        using var again = new SqliteConnectionTable(Databases(), new HashSet<string> { "default" });
        var rows = again.Get(again.Open("default")).Execute("SELECT n FROM t", []).Rows;

        Assert.Equal(new SqlValue.Integer(42), Assert.Single(rows)[0]);
    }

    [Fact]
    public void A_label_the_component_does_not_list_is_access_denied_and_an_unknown_one_no_such_database()
    {
        using var table = new SqliteConnectionTable(Databases(), new HashSet<string> { "default", "missing" });

        var denied = Assert.Throws<SqliteDatabaseException>(() => table.Open("other"));
        var unknown = Assert.Throws<SqliteDatabaseException>(() => table.Open("missing"));
        var closed = Assert.Throws<SqliteDatabaseException>(() => table.Get(12345));

        Assert.IsType<SqliteError.AccessDenied>(denied.Error);
        Assert.IsType<SqliteError.NoSuchDatabase>(unknown.Error);
        Assert.IsType<SqliteError.InvalidConnection>(closed.Error);
        Assert.False(File.Exists(dir.Combine("other.db")));
    }

    [Fact]
    public void Connections_per_instance_are_bounded()
    {
        using var table = new SqliteConnectionTable(Databases(), new HashSet<string> { "default" }, capacity: 3);
        var handles = Enumerable.Range(0, 3).Select(_ => table.Open("default")).ToList();

        var full = Assert.Throws<SqliteDatabaseException>(() => table.Open("default"));
        table.Close(handles[0]);

        Assert.Contains("too many connections", full.Message);
        table.Get(table.Open("default")).Execute("SELECT 1", []);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_a_clear_start_up_error()
    {
        Directory.CreateDirectory(dir.Combine("state"));
        File.WriteAllText(dir.Combine("state", "sqlite.db"), "this is a text file, not a database, and it is long enough to have a header\n");

        var error = Assert.Throws<SqliteFileException>(() => Databases().Check());

        Assert.Equal($"{dir.Combine("state", "sqlite.db")}: is not an SQLite database (SQLite: file is not a database)", error.Message);
    }

    [Fact]
    public void A_missing_file_passes_the_start_up_check_and_is_created_on_first_use()
    {
        var databases = Databases();
        databases.Check();
        Assert.False(File.Exists(dir.Combine("state", "sqlite.db")));

        using var table = new SqliteConnectionTable(databases, new HashSet<string> { "default" });
        table.Get(table.Open("default")).Execute("CREATE TABLE t (n)", []);

        Assert.True(File.Exists(dir.Combine("state", "sqlite.db")));
    }

    public void Dispose() => dir.Dispose();
}
