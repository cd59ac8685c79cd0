namespace Capsule.Hosting.Services.Sqlite;

/// <summary>What a component's <c>sqlite_databases</c> lists: each label with its key and line for start-up errors.</summary>
public sealed record SqliteLabels(IReadOnlyList<SqliteLabel> Labels);

/// <summary>One label of <c>sqlite_databases</c>, where the manifest names it (e.g. <c>component.x.sqlite_databases[0]</c>).</summary>
public sealed record SqliteLabel(string Name, string Key, int? Line);

/// <summary>What an instance may open: the app's <paramref name="Databases"/>, only the <paramref name="Labels"/> its component lists.</summary>
public sealed record SqliteAccess(SqliteDatabases Databases, IReadOnlySet<string> Labels)
{
    /// <summary>A component that lists no database: every label is access-denied.</summary>
    public static readonly SqliteAccess None = new(new SqliteDatabases([]), new HashSet<string>());
}
