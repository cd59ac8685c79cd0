namespace Capsule.Hosting.Services.Sqlite;

/// <summary>What a statement returned: its column names and its rows, each cell typed as SQLite stored it.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<SqlValue>> Rows);
