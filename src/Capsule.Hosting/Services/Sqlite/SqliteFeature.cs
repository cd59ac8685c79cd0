using Capsule.Runtime.Native;
using Microsoft.Data.Sqlite;
using Spin2 = Capsule.Hosting.Generated.Fermyon.Spin.Sqlite;
using Spin3 = Capsule.Hosting.Generated.Spin.Sqlite.Sqlite;

namespace Capsule.Hosting.Services.Sqlite;

/// <summary>
/// SQLite databases for guests, as Spin serves them (<c>fermyon:spin/sqlite@2.0.0</c>, <c>spin:sqlite/sqlite@3.0.0</c>).
/// A component's <c>sqlite_databases</c> lists the labels it may open; a label the runtime configuration does
/// not define (other than <c>default</c>) or a file that is not a database stops start-up.
/// <paramref name="seedStatements"/> (<c>capsule up --sqlite</c>) run on <c>default</c> at start-up.
/// </summary>
public sealed class SqliteFeature(IReadOnlyList<string>? seedStatements = null) : IAppFeature, Capsule.Runtime.Components.Running.ILoweredHostFeature
{
    private const string Key = "sqlite_databases";

    /// <inheritdoc/>
    public IReadOnlyList<string> ComponentKeys { get; } = [Key];

    /// <inheritdoc/>
    public IReadOnlyList<GrantHintRule> GrantHints { get; } =
    [
        new("SQLite databases", "sqlite_databases = [\"default\"] in capsule.toml (other labels: [sqlite_database.LABEL] in --runtime-config-file)", name =>
            name.StartsWith("fermyon:spin/sqlite@", StringComparison.Ordinal) || name.StartsWith("spin:sqlite/sqlite@", StringComparison.Ordinal)),
    ];

    /// <inheritdoc/>
    public void Link(HostLinker linker) =>
        linker.Define([
            Spin2.SqliteImports.Create(store => store.State.GetOrCreate(static s => new Spin2SqliteHost(ConnectionsOf(s)))),
            Spin3.SqliteImports.Create(store => store.State.GetOrCreate(static s => new Spin3SqliteHost(ConnectionsOf(s)))),
        ]);

    /// <inheritdoc/>
    public IEnumerable<Capsule.Runtime.Components.Abi.LoweredInterface> Lowerings() =>
    [
        Spin2.SqliteLowerings.Create(static abi => ((Capsule.Runtime.Features.InstanceState)abi.Host!).GetOrCreate(static s => new Spin2SqliteHost(ConnectionsOf(s)))),
        Spin3.SqliteLowerings.Create(static abi => ((Capsule.Runtime.Features.InstanceState)abi.Host!).GetOrCreate(static s => new Spin3SqliteHost(ConnectionsOf(s)))),
    ];

    /// <inheritdoc/>
    public GuestGrants ReadComponent(ComponentSection component, GuestGrants grants)
    {
        var (reader, table, path, _, _) = component;
        var items = reader.Array(table, Key, path);
        var labels = new List<SqliteLabel>();
        for (var i = 0; i < items.Count; i++)
        {
            var key = $"{path}.{Key}[{i}]";
            if (items[i] is not TomlScalar { Value: string label } || label.Length == 0)
            {
                throw reader.Error(items[i], key, $"expected a database label, found {items[i].Describe()}");
            }
            labels.Add(new SqliteLabel(label, key, items[i].Line));
        }
        return labels.Count == 0 ? grants : grants.WithGrant(new SqliteLabels(labels));
    }

    /// <inheritdoc/>
    public IDisposable? ConfigureApp(AppConfiguration app)
    {
        var databases = ServiceDefaults.SqliteDatabases(app.RuntimeConfig, app.StateDirectory);
        foreach (var id in app.ComponentIds.ToList())
        {
            if (app.Grants(id).Grant<SqliteLabels>() is not { } listed)
            {
                continue;
            }
            foreach (var label in listed.Labels)
            {
                Check(databases, label.Name, app, label.Line, label.Key);
            }
            var access = new SqliteAccess(databases, listed.Labels.Select(l => l.Name).ToHashSet(StringComparer.Ordinal));
            app.SetGrants(id, app.Grants(id).WithGrant(access));
        }
        Seed(databases, app);
        return null;
    }

    // Spin's --sqlite: each statement (or file of statements) runs whole on the default database, in order.
    private void Seed(SqliteDatabases databases, AppConfiguration app)
    {
        if (seedStatements is not { Count: > 0 })
        {
            return;
        }
        Check(databases, ServiceDefaults.DefaultLabel, app, null, "--sqlite");
        using var connection = databases.Find(ServiceDefaults.DefaultLabel)!.Open();
        for (var i = 0; i < seedStatements.Count; i++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = seedStatements[i];
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e)
            {
                throw new ManifestException(app.Manifest.DisplayName, null, "--sqlite", $"statement {i + 1} failed: {e.Message}");
            }
        }
        app.Progress($"Ran {seedStatements.Count} --sqlite statement(s) on the default database");
    }

    // The state folder's file is checked and created without following links.
    private static void Check(SqliteDatabases databases, string label, AppConfiguration app, int? line, string key)
    {
        var file = app.Manifest.DisplayName;
        var database = databases.Find(label)
            ?? throw new ManifestException(file, line, key, $"no database \"{label}\" is defined (add [sqlite_database.{label}] to the --runtime-config-file; only \"default\" needs none)");
        try
        {
            if (ServiceDefaults.SqliteInStateFolder(app.RuntimeConfig, label))
            {
                StateStoreFile.Prepare(app.StateDirectory, ServiceDefaults.SqliteFileName, create: false);
            }
            database.Check();
        }
        catch (SqliteFileException e)
        {
            throw new ManifestException(file, line, key, $"database \"{label}\": {e.Message}");
        }
    }

    // One connection table per instance, shared by both versions of the interface, closed with the instance.
    private static SqliteConnectionTable ConnectionsOf(InstanceState state) =>
        state.GetOrCreate(static s =>
        {
            var access = s.Grants.Grant<SqliteAccess>() ?? SqliteAccess.None;
            return new SqliteConnectionTable(access.Databases, access.Labels, deadline: () => s.Deadline);
        });
}
