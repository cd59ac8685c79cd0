namespace Capsule.Hosting.Services.Sqlite;

/// <summary>A database call failed with <see cref="Error"/>; the only exception the database service throws.</summary>
public sealed class SqliteDatabaseException(SqliteError error)
    : Exception(error switch
    {
        SqliteError.Io io => io.Message,
        _ => error.GetType().Name,
    })
{
    /// <summary>The error case to hand to the guest.</summary>
    public SqliteError Error { get; } = error;

    /// <summary>An <see cref="SqliteError.Io"/> failure with <paramref name="message"/>.</summary>
    public static SqliteDatabaseException Io(string message) => new(new SqliteError.Io(message));
}
