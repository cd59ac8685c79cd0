using System.Collections.Frozen;

namespace Capsule.Hosting.Services.Sqlite;

/// <summary>
/// An app's SQLite databases by label, shared by all its instances. Connections are
/// not pooled: each guest connection starts fresh (its own last insert rowid and changes).
/// </summary>
public sealed class SqliteDatabases(IEnumerable<KeyValuePair<string, string>> paths)
{
    private readonly FrozenDictionary<string, SqliteFile> files =
        paths.ToFrozenDictionary(p => p.Key, p => new SqliteFile(p.Value, pooled: false), StringComparer.Ordinal);

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
