using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;

namespace Capsule.Hosting.Tests.Services;

/// <summary>
/// A guest's SQL is hostile: real statements through the Spin 2 and Spin 3 guests cannot reach the host's
/// file system (ATTACH, VACUUM INTO, host paths in pragmas), outlive the run, or take the host's memory.
/// </summary>
public sealed class SqliteSandboxTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    [Theory]
    [MemberData(nameof(SqliteGuestApp.Versions), MemberType = typeof(SqliteGuestApp))]
    public async Task A_guest_cannot_attach_vacuum_into_or_list_host_files(string version)
    {
        using var folder = new TempDir();
        // Another app's store on the same host, holding a secret.
        var other = folder.Combine("other", "key-value.db");
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        using (var seed = new SqliteConnection($"Data Source={other};Pooling=false"))
        {
            seed.Open();
            using var command = seed.CreateCommand();
            command.CommandText = "CREATE TABLE spin_key_value (store TEXT, key TEXT, value BLOB); INSERT INTO spin_key_value VALUES ('default', 'token', 'the-secret')";
            command.ExecuteNonQuery();
        }
        var planted = folder.Combine("planted.db");
        await using var app = await SqliteGuestApp.Start(hosting, folder.Combine("app"));
        await app.Rows(version, "CREATE TABLE IF NOT EXISTS t (x)");

        Assert.StartsWith("io: ATTACH is not allowed", await app.Error(version, $"ATTACH DATABASE '{other}' AS v"));
        Assert.StartsWith("io: ATTACH is not allowed", await app.Error(version, "ATTACH DATABASE ? AS v", $$"""[{"tag":"text","val":"{{other}}"}]"""));
        Assert.StartsWith("io: ATTACH is not allowed", await app.Error(version, "ATTACH DATABASE '' AS scratch"));
        Assert.StartsWith("io: VACUUM is not allowed", await app.Error(version, $"VACUUM INTO '{planted}'"));
        Assert.StartsWith("io: DETACH is not allowed", await app.Error(version, "DETACH DATABASE main"));
        Assert.StartsWith("io: PRAGMA database_list is not allowed", await app.Error(version, "PRAGMA database_list"));
        Assert.StartsWith("io: PRAGMA database_list is not allowed", await app.Error(version, "SELECT file FROM pragma_database_list"));
        Assert.StartsWith("io: PRAGMA temp_store_directory with a value is not allowed", await app.Error(version, $"PRAGMA temp_store_directory = '{folder.Path}'"));
        Assert.StartsWith("io: PRAGMA journal_mode with a value is not allowed", await app.Error(version, "PRAGMA journal_mode = OFF"));
        Assert.StartsWith("io: PRAGMA max_page_count with a value is not allowed", await app.Error(version, "PRAGMA max_page_count = 4294967294"));
        Assert.StartsWith("io: PRAGMA writable_schema", await app.Error(version, "PRAGMA writable_schema = ON"));
        // Refused by the authorizer (or by SQLite itself, where extension loading is off).
        var extension = await app.Error(version, "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libc.so.6')");
        Assert.StartsWith("io: ", extension);
        Assert.False(File.Exists(planted));

        // What a guest may run still runs.
        await app.Rows(version, "PRAGMA user_version = 7");
        Assert.Equal("""[[{"tag":"integer","val":"7"}]]""", await app.Rows(version, "PRAGMA user_version"));
        Assert.Contains("\"x\"", await app.Rows(version, "PRAGMA table_info(t)"));
        Assert.Contains("\"x\"", await app.Rows(version, "SELECT name FROM pragma_table_info('t')"));
        Assert.Equal("""[[{"tag":"text","val":"wal"}]]""", await app.Rows(version, "PRAGMA journal_mode"));
    }

    [Theory]
    [MemberData(nameof(SqliteGuestApp.Versions), MemberType = typeof(SqliteGuestApp))]
    public async Task A_statement_that_never_ends_stops_at_the_timeout_with_504_and_frees_its_slot(string version)
    {
        using var folder = new TempDir();
        await using var app = await SqliteGuestApp.Start(hosting, folder.Path, timeout: "2s");
        var watch = Stopwatch.StartNew();

        using var response = await app.Client.GetAsync($"{version}/sql?sql={Uri.EscapeDataString("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")}");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        // Generous: the point is that it ends (it ran until the process exited before).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"a 2 s limit answered after {watch.Elapsed.TotalSeconds:F1} s");
        var component = version.TrimStart('/');
        await app.Logs.WaitFor(l => l.StartsWith($"Error: request failed: component={component} route={version}/... cause=timeout after 2s", StringComparison.Ordinal));
        // The instance is gone and its admission slot with it: the same component serves the next statement.
        Assert.Equal("""[[{"tag":"integer","val":"1"}]]""", await app.Rows(version, "SELECT 1"));
    }

    [Theory]
    [MemberData(nameof(SqliteGuestApp.Versions), MemberType = typeof(SqliteGuestApp))]
    public async Task Huge_values_are_refused_as_io_errors_before_they_take_the_host_s_memory(string version)
    {
        using var folder = new TempDir();
        await using var app = await SqliteGuestApp.Start(hosting, folder.Path);
        await app.Rows(version, "SELECT 1");
        using var sampling = new CancellationTokenSource();
        var before = ResidentBytes();
        var peak = SamplePeak(sampling.Token);

        var zeroblob = await app.Error(version, "SELECT zeroblob(900000000)");
        var concatenated = await app.Error(version, "SELECT length(randomblob(600000000) || randomblob(600000000))");
        var result = await app.Error(version, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 4) SELECT zeroblob(30000000) FROM c");
        await sampling.CancelAsync();
        var grown = await peak - before;

        Assert.StartsWith("io: string or blob too big", zeroblob);
        Assert.StartsWith("io: string or blob too big", concatenated);
        Assert.StartsWith("io: the query result exceeds the limit of", result);
        // Coarse: the refused values (0.9 and 2.4 GB) were never made; 120 MB were made and refused row by row.
        Assert.True(grown < 400L * 1024 * 1024, $"resident memory grew by {grown / (1024 * 1024)} MiB");
        Assert.Equal("""[[{"tag":"integer","val":"2"}]]""", await app.Rows(version, "SELECT 1 + 1"));
    }

    private static async Task<long> SamplePeak(CancellationToken stop)
    {
        var peak = ResidentBytes();
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, ResidentBytes());
            await Task.Delay(5, CancellationToken.None);
        }
        return Math.Max(peak, ResidentBytes());
    }

    // /proc/self/statm's second field: resident pages.
    private static long ResidentBytes() =>
        long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1]) * Environment.SystemPageSize;
}
