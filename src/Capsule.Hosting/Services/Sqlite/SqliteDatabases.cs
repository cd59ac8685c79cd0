using System.Collections.Frozen;

namespace Capsule.Hosting.Services.Sqlite;

/// <summary>
/// An app's SQLite databases by label, shared by all its instances. Connections are
/// not pooled: each guest connection starts fresh (its own last insert rowid and changes).
/// </summary>
public sealed class SqliteDatabases
{
    private readonly FrozenDictionary<string, SqliteFile> files;

    /// <summary>The databases at <paramref name="paths"/> by label, each with the default size quota.</summary>
    public SqliteDatabases(IEnumerable<KeyValuePair<string, string>> paths)
    {
        files = paths.ToFrozenDictionary(p => p.Key, p => new SqliteFile(p.Value, pooled: false), StringComparer.Ordinal);
    }

    private SqliteDatabases(FrozenDictionary<string, SqliteFile> files)
    {
        this.files = files;
    }

    /// <summary>The <paramref name="databases"/> by label (files made unpooled: each guest connection starts fresh).</summary>
    public static SqliteDatabases Of(IEnumerable<KeyValuePair<string, SqliteFile>> databases) =>
        new(databases.ToFrozenDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    /// <summary>The labels defined (by runtime configuration, or <c>default</c>).</summary>
    public IEnumerable<string> Labels => files.Keys;

    /// <summary>The file of <paramref name="label"/>, or null when no database has that label.</summary>
    public SqliteFile? Find(string label) => files.GetValueOrDefault(label);

    /// <summary>At start-up: every existing file is a database (else <see cref="SqliteFileException"/> naming it).</summary>
    public void Check()
    {
        foreach (var file in files.Values)
        {
            file.Check();
        }
    }
}
