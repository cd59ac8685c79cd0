namespace Capsule.Hosting.Services.Sqlite;

/// <summary>An SQLite file cannot be used: the message names the file and why, e.g. <c>/app/data.db: is not an SQLite database</c>.</summary>
public sealed class SqliteFileException(string path, string problem) : Exception($"{path}: {problem}")
{
    /// <summary>The file's absolute path.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong, without the path (for a guest, which must not learn host paths).</summary>
    public string Problem { get; } = problem;
}
