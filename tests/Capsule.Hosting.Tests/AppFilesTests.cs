using System.Diagnostics;
using Capsule.Hosting.App;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests;

/// <summary>
/// A component's files never bring in a host file from outside the app folder:
/// links matched by files globs are copied only when they stay inside it, a
/// mapped folder reached through a link leading out is refused, and every
/// refusal is one <see cref="ManifestException"/> naming the file and the key.
/// </summary>
public sealed class AppFilesTests(HostingFixture hosting) : IClassFixture<HostingFixture>, IDisposable
{
    private const string Secret = "SECRET-OUTSIDE-THE-APP";
    private readonly TempDir _temp = new();

    private string App => _temp.Combine("app");

    private string Outside => _temp.Combine("outside");

    private string ManifestPath => Path.Combine(App, "capsule.toml");

    public void Dispose() => _temp.Dispose();

    private void Layout()
    {
        Directory.CreateDirectory(Path.Combine(App, "data"));
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(App, "data", "plain.txt"), "plain\n");
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), Secret);
    }

    // The files line is the manifest's line 10.
    private LoadedApp Load(string files)
    {
        File.WriteAllText(ManifestPath, TestManifests.SingleComponent("site", "http-hello.wasm") + $"\nfiles = {files}\n");
        return hosting.Factory.Load(ManifestPath, new AppLoadOptions { StateDirectory = Path.Combine(App, ".capsule") });
    }

    private void AssertNoSecretCopied()
    {
        var state = Path.Combine(App, ".capsule");
        var copied = Directory.Exists(state) ? Directory.GetFiles(state, "*", SearchOption.AllDirectories) : [];
        Assert.DoesNotContain(copied, f => File.ReadAllText(f).Contains(Secret));
    }

    [Theory]
    [InlineData("data/*", "file-out", "is a symbolic link leading out of the app folder (a link is followed only when it is relative and stays inside the app folder)")]
    [InlineData("**/*", "folder-out", "is a symbolic link leading out of the app folder (a link is followed only when it is relative and stays inside the app folder)")]
    [InlineData("data/*", "absolute-in", "is a symbolic link leading out of the app folder (a link is followed only when it is relative and stays inside the app folder)")]
    [InlineData("data/*", "dangling", "is a symbolic link to nothing")]
    [InlineData("data/*", "loop", "is a symbolic link loop")]
    public void A_glob_matching_a_link_that_does_not_stay_inside_is_refused_naming_it(string glob, string link, string problem)
    {
        Layout();
        var at = Path.Combine(App, "data", link);
        switch (link)
        {
            case "file-out": File.CreateSymbolicLink(at, Path.Combine(Outside, "secret.txt")); break;
            case "folder-out": File.CreateSymbolicLink(at, Outside); break;
            case "absolute-in": File.CreateSymbolicLink(at, Path.Combine(App, "data", "plain.txt")); break;
            case "dangling": File.CreateSymbolicLink(at, "missing.txt"); break;
            case "loop": File.CreateSymbolicLink(at, link); break;
        }

        var error = Assert.Throws<ManifestException>(() => Load($"[\"{glob}\"]").Dispose());

        Assert.Equal($"{ManifestPath}:10: component.site.files[0]: \"data/{link}\" (matched by \"{glob}\") {problem}", error.Message);
        AssertNoSecretCopied();
    }

    [Fact]
    public void Links_that_stay_inside_are_copied_as_their_targets_and_folder_links_are_not_followed()
    {
        Layout();
        Directory.CreateDirectory(Path.Combine(App, "sub"));
        File.WriteAllText(Path.Combine(App, "sub", "deep.txt"), "deep\n");
        File.CreateSymbolicLink(Path.Combine(App, "data", "alias.txt"), "plain.txt");
        File.CreateSymbolicLink(Path.Combine(App, "data", "sub-link"), Path.Combine("..", "sub"));

        using var app = Load("[\"data/**/*\"]");

        var mount = Assert.Single(app.Components["site"].Grants.Mounts);
        var gathered = Directory.GetFileSystemEntries(mount.HostPath, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(mount.HostPath, f)).Order();
        Assert.Equal(["data", "data/alias.txt", "data/plain.txt"], gathered);
        var alias = new FileInfo(Path.Combine(mount.HostPath, "data", "alias.txt"));
        Assert.Null(alias.LinkTarget);
        Assert.Equal("plain\n", File.ReadAllText(alias.FullName));
    }

    [Fact]
    public void A_glob_matching_a_fifo_is_refused_without_waiting_on_it()
    {
        Layout();
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(App, "data", "pipe")))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var error = Assert.Throws<ManifestException>(() => Load("[\"data/pipe\"]").Dispose());

        Assert.Equal($"{ManifestPath}:10: component.site.files[0]: \"data/pipe\" (matched by \"data/pipe\") is not a regular file", error.Message);
    }

    [Fact]
    public void A_mapped_folder_reached_through_a_link_leading_out_is_refused()
    {
        Layout();
        File.CreateSymbolicLink(Path.Combine(App, "shared"), Outside);

        var error = Assert.Throws<ManifestException>(() => Load("[{ source = \"shared\", destination = \"/shared\" }]").Dispose());

        Assert.Equal(
            $"{ManifestPath}:10: component.site.files[0].source: {Path.Combine(App, "shared")} is reached through a symbolic link leading out of the app folder (links are followed only when relative and staying inside it)",
            error.Message);
    }

    [Fact]
    public void A_mapped_folder_inside_the_app_is_mounted()
    {
        Layout();
        File.CreateSymbolicLink(Path.Combine(App, "data-link"), "data");

        using var app = Load("[{ source = \"data-link\", destination = \"/data\" }]");

        var mount = Assert.Single(app.Components["site"].Grants.Mounts);
        Assert.Equal((Path.Combine(App, "data-link"), "/data"), (mount.HostPath, mount.GuestPath));
    }
}
