using System.Diagnostics;
using Capsule.Hosting.App;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests;

/// <summary>
/// The app's .capsule state folder is created and cleaned without following
/// links: a link, a file or another user's folder in its place stops the
/// load with one message, and nothing behind a link is written or deleted.
/// </summary>
public sealed class StateFolderTests(HostingFixture hosting) : IClassFixture<HostingFixture>, IDisposable
{
    private readonly TempDir _temp = new();

    private string App => _temp.Combine("app");

    private string State => Path.Combine(App, ".capsule");

    private string Elsewhere => _temp.Combine("elsewhere");

    private string Canary => Path.Combine(Elsewhere, "canary.txt");

    public void Dispose() => _temp.Dispose();

    private LoadedApp Load()
    {
        Directory.CreateDirectory(Path.Combine(App, "static"));
        File.WriteAllText(Path.Combine(App, "static", "index.html"), "<h1>hi</h1>");
        var manifest = Path.Combine(App, "capsule.toml");
        File.WriteAllText(manifest, TestManifests.SingleComponent("site", "http-hello.wasm") + "\nfiles = [\"static/*\"]\n");
        return hosting.Factory.Load(manifest, new AppLoadOptions { StateDirectory = State });
    }

    // elsewhere/ looks like a state folder, files/site/canary.txt included, so
    // following any link into it would empty it.
    private void Elsewhere_with_a_canary()
    {
        Directory.CreateDirectory(Path.Combine(Elsewhere, "files", "site"));
        File.WriteAllText(Canary, "alive");
        File.WriteAllText(Path.Combine(Elsewhere, "files", "site", "canary.txt"), "alive");
    }

    [Theory]
    [InlineData("")]
    [InlineData("files")]
    [InlineData("files/site")]
    public void A_link_in_the_state_folder_is_refused_and_nothing_behind_it_is_deleted(string level)
    {
        Elsewhere_with_a_canary();
        var link = Path.Combine(State, level).TrimEnd('/');
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, Elsewhere);

        var error = Assert.Throws<ManifestException>(() => Load().Dispose());

        Assert.Equal($"{link}: state folder is a symbolic link; capsule keeps the app's state in a real folder here and does not follow links (remove the link)", error.Message);
        Assert.True(File.Exists(Canary));
        Assert.True(File.Exists(Path.Combine(Elsewhere, "files", "site", "canary.txt")));
        Assert.False(File.Exists(Path.Combine(Elsewhere, "files", "site", "static", "index.html")));
    }

    [Fact]
    public void A_file_in_place_of_the_state_folder_is_refused()
    {
        Directory.CreateDirectory(App);
        File.WriteAllText(State, "not a folder");

        var error = Assert.Throws<ManifestException>(() => Load().Dispose());

        Assert.Equal($"{State}: state folder is not a folder; capsule keeps the app's state in a folder here (move the file away)", error.Message);
    }

    [Fact]
    public void A_state_folder_owned_by_another_user_is_refused()
    {
        // Giving a folder away takes root (CI runs as root); otherwise there is no other user's folder to make.
        if (Capsule.Runtime.Native.BeneathFileSystem.EffectiveUserId() != 0)
        {
            return;
        }
        Directory.CreateDirectory(State);
        using (var chown = Process.Start("chown", ["65534", State]))
        {
            chown.WaitForExit();
            Assert.Equal(0, chown.ExitCode);
        }

        var error = Assert.Throws<ManifestException>(() => Load().Dispose());

        Assert.Equal($"{State}: state folder is owned by user 65534, not by the user running capsule (0); capsule does not use another user's state folder", error.Message);
    }

    [Fact]
    public void A_previous_runs_files_are_removed_links_and_all_without_following_the_links()
    {
        Elsewhere_with_a_canary();
        var folder = Path.Combine(State, "files", "site");
        Directory.CreateDirectory(Path.Combine(folder, "old", "deeper"));
        File.WriteAllText(Path.Combine(folder, "old", "deeper", "stale.txt"), "stale");
        File.CreateSymbolicLink(Path.Combine(folder, "folder-link"), Elsewhere);
        File.CreateSymbolicLink(Path.Combine(folder, "old", "file-link"), Canary);

        using var app = Load();

        var gathered = Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order();
        Assert.Equal(["static", "static/index.html"], gathered);
        Assert.True(File.Exists(Canary));
        Assert.True(File.Exists(Path.Combine(Elsewhere, "files", "site", "canary.txt")));
    }
}
