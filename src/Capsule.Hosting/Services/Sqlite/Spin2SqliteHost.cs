using Capsule.Hosting.Generated.Fermyon.Spin.Sqlite;
using Capsule.Wit.Bindings;
using WitQueryResult = Capsule.Hosting.Generated.Fermyon.Spin.Sqlite.QueryResult;

namespace Capsule.Hosting.Services.Sqlite;

/// <summary>
/// <c>fermyon:spin/sqlite@2.0.0</c> for one instance, over its <see cref="SqliteConnectionTable"/>.
/// The one place this version's values and errors are mapped.
/// </summary>
internal sealed class Spin2SqliteHost(SqliteConnectionTable connections) : ISqlite, IConnectionHost
{
    public IConnectionHost Connection => this;

    public Result<Resource<Connection>, Error> Open(string database) =>
        Call(() => new Resource<Connection>((uint)connections.Open(database)));

    public Result<WitQueryResult, Error> Execute(Borrow<Connection> self, string statement, IReadOnlyList<Value> parameters) =>
        Call(() =>
        {
            var result = connections.Get((int)self.Handle).Execute(statement, [.. parameters.Select(ToSql)]);
            return new WitQueryResult(result.Columns, [.. result.Rows.Select(r => new RowResult([.. r.Select(FromSql)]))]);
        });

    public void Drop(Resource<Connection> self) => connections.Close((int)self.Handle);

    private static Result<T, Error> Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SqliteDatabaseException e)
        {
            return e.Error switch
            {
                SqliteError.NoSuchDatabase => new Error.NoSuchDatabase(),
                SqliteError.AccessDenied => new Error.AccessDenied(),
                SqliteError.InvalidConnection => new Error.InvalidConnection(),
                SqliteError.DatabaseFull => new Error.DatabaseFull(),
                SqliteError.Io io => new Error.Io(io.Message),
                _ => new Error.Io(e.Message),
            };
        }
    }

    private static SqlValue ToSql(Value value) => value switch
    {
        Value.Integer n => new SqlValue.Integer(n.Value),
        Value.Real r => new SqlValue.Real(r.Value),
        Value.Text t => new SqlValue.Text(t.Value),
        Value.Blob b => new SqlValue.Blob(b.Value),
        _ => new SqlValue.Null(),
    };

    private static Value FromSql(SqlValue value) => value switch
    {
        SqlValue.Integer n => new Value.Integer(n.Value),
        SqlValue.Real r => new Value.Real(r.Value),
        SqlValue.Text t => new Value.Text(t.Value),
        SqlValue.Blob b => new Value.Blob(b.Value),
        _ => new Value.Null(),
    };
}
