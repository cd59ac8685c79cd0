using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests.Services;

/// <summary>
/// Stores are bounded and their files guarded: a size quota per database label and per key-value store
/// (runtime config <c>max_size</c>), the state folder's files opened without following links and made
/// 0600 in a 0700 folder, and a key-value file that is not SQLite refused at start-up.
/// </summary>
public sealed class StoreQuotaTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    [Theory]
    [MemberData(nameof(SqliteGuestApp.Versions), MemberType = typeof(SqliteGuestApp))]
    public async Task A_database_past_its_max_size_is_database_full_and_keeps_what_it_had(string version)
    {
        using var folder = new TempDir();
        const string Config = """
            [sqlite_database.small]
            type = "spin"
            path = "small.db"
            max_size = "256KiB"
            """;
        await using var app = await SqliteGuestApp.Start(hosting, folder.Path, Config, labels: "small");
        await app.Rows(version, "CREATE TABLE t (b BLOB)", database: "small");
        await app.Rows(version, "INSERT INTO t VALUES (randomblob(1000))", database: "small");

        var full = await app.Error(version, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 100) INSERT INTO t SELECT randomblob(16000) FROM c", database: "small");

        Assert.Equal("database-full", full);
        Assert.Equal("""[[{"tag":"integer","val":"1"}]]""", await app.Rows(version, "SELECT count(*) FROM t", database: "small"));
        // The default database keeps its own (default) quota.
        await app.Rows(version, "CREATE TABLE big (b BLOB)");
        await app.Rows(version, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 100) INSERT INTO big SELECT randomblob(16000) FROM c");
    }

    [Fact]
    public async Task A_key_value_store_past_its_max_size_refuses_writes_with_other()
    {
        using var folder = new TempDir();
        // No path: the default store stays in the state folder, with a quota.
        const string Config = """
            [key_value_store.default]
            type = "spin"
            max_size = "64KiB"
            """;
        await using var app = await KeyValueApp.Start(hosting, folder.Path, KeyValueApp.Manifest("default"), Config);
        // The guest writes its answer in one 4 KiB write: values stay under that.
        var value = new string('v', 3000);
        var answers = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await app.Get($"/spin/default/set/k{i}?value={value}"));
        }

        Assert.Equal("200 ok", answers[0]);
        Assert.Contains(answers, a => a.StartsWith("500 error: other: the store is full: its file may hold 64KiB", StringComparison.Ordinal));
        Assert.Equal($"200 {value}", await app.Get("/spin/default/get/k0"));
        Assert.True(File.Exists(folder.Combine(".capsule", "key-value.db")));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task State_folder_stores_are_0600_in_a_0700_folder_and_a_planted_link_stops_start_up()
    {
        using var folder = new TempDir();
        await using (var app = await KeyValueApp.Start(hosting, folder.Path, KeyValueApp.Manifest("default")))
        {
            Assert.Equal("200 ok", await app.Get("/spin/default/set/k?value=v"));
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder.Combine(".capsule")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.Combine(".capsule", "key-value.db")));

        // Another app's store, linked in place of this one's.
        using var other = new TempDir();
        File.WriteAllText(other.Combine("secret.db"), "");
        File.Delete(folder.Combine(".capsule", "key-value.db"));
        File.CreateSymbolicLink(folder.Combine(".capsule", "key-value.db"), other.Combine("secret.db"));

        var error = await Assert.ThrowsAsync<ManifestException>(() => KeyValueApp.Start(hosting, folder.Path, KeyValueApp.Manifest("default")));

        Assert.Contains("key-value store \"default\": ", error.Message);
        Assert.Contains("key-value.db: is a symbolic link; capsule opens the stores in its state folder without following links", error.Message);
        Assert.Equal(0, new FileInfo(other.Combine("secret.db")).Length);
    }

    [Fact]
    public async Task A_key_value_path_that_is_not_an_SQLite_file_stops_start_up_naming_it()
    {
        using var folder = new TempDir();
        File.WriteAllText(folder.Combine("notes.txt"), "this is a text file, not a database, long enough to have a header\n");
        const string Config = """
            [key_value_store.notes]
            type = "spin"
            path = "notes.txt"
            """;

        var error = await Assert.ThrowsAsync<ManifestException>(() => KeyValueApp.Start(hosting, folder.Path, KeyValueApp.Manifest("notes"), Config));

        Assert.Contains("key_value_stores[0]: key-value store \"notes\": ", error.Message);
        Assert.Contains($"{folder.Combine("notes.txt")}: is not an SQLite database", error.Message);
    }
}
