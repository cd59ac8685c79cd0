using Capsule.Hosting.Services.RuntimeConfig;
using Capsule.Hosting.Services.Sqlite;
using Capsule.Hosting.Testing;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests.Services;

/// <summary>The SQLite feature configuring an app as <c>capsule up</c> does (feature test kit): labels, runtime config, <c>--sqlite</c> seeds.</summary>
public sealed class SqliteFeatureTests
{
    [Fact]
    public void A_component_gets_the_labels_it_lists_from_the_runtime_config_and_default_from_the_state_folder()
    {
        using var kit = new FeatureTestKit(new SqliteFeature());
        File.WriteAllText(Path.Combine(kit.AppFolder, "runtime-config.toml"), "[sqlite_database.reports]\ntype = \"spin\"\npath = \"data/reports.db\"\n");
        var config = RuntimeConfigFile.Load(Path.Combine(kit.AppFolder, "runtime-config.toml"), "runtime-config.toml");

        var access = kit.Grants("""sqlite_databases = ["default", "reports"]""", runtimeConfig: config).Grant<SqliteAccess>()!;

        Assert.Equal(["default", "reports"], access.Labels.Order());
        Assert.Equal(Path.Combine(kit.AppFolder, "data", "reports.db"), access.Databases.Find("reports")!.Path);
        Assert.Equal(Path.Combine(kit.AppFolder, ".capsule", "sqlite.db"), access.Databases.Find("default")!.Path);
        using var connections = new SqliteConnectionTable(access.Databases, access.Labels);
        Assert.IsType<SqliteError.AccessDenied>(Assert.Throws<SqliteDatabaseException>(() => connections.Open("other")).Error);
    }

    [Fact]
    public void Sqlite_statements_from_the_command_line_seed_the_default_database_at_start_up()
    {
        using var kit = new FeatureTestKit(new SqliteFeature(["CREATE TABLE seeded (x INTEGER)", "INSERT INTO seeded VALUES (42); INSERT INTO seeded VALUES (9223372036854775807);"]));

        var access = kit.Grants("""sqlite_databases = ["default"]""").Grant<SqliteAccess>()!;

        using var connections = new SqliteConnectionTable(access.Databases, access.Labels);
        var rows = connections.Get(connections.Open("default")).Execute("SELECT x FROM seeded ORDER BY x", []).Rows;
        Assert.Equal([new SqlValue.Integer(42), new SqlValue.Integer(long.MaxValue)], rows.Select(r => r[0]));
    }

    [Fact]
    public void A_bad_seed_statement_stops_start_up_with_SQLite_s_message()
    {
        using var kit = new FeatureTestKit(new SqliteFeature(["CREATE TABLE ok (x)", "CREAT TABLE nope (x)"]));

        var error = Assert.Throws<ManifestException>(() => kit.Grants(""));

        Assert.StartsWith("capsule.toml: --sqlite: statement 2 failed: ", error.Message);
        Assert.Contains("near \"CREAT\": syntax error", error.Message);
    }
}
