using Capsule.Hosting.App;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests;

/// <summary>
/// An app's dotenv files (<c>.env</c>, <c>.env.*</c>) and version-control folders never reach the
/// guest through a files glob, as <c>.capsule</c> never does; a glob naming one is refused.
/// </summary>
public sealed class SecretFilesTests(HostingFixture hosting) : IClassFixture<HostingFixture>, IDisposable
{
    private readonly TempDir _temp = new();

    private string App => _temp.Combine("app");

    private string ManifestPath => Path.Combine(App, "capsule.toml");

    public void Dispose() => _temp.Dispose();

    private LoadedApp Load(string files)
    {
        File.WriteAllText(ManifestPath, TestManifests.SingleComponent("site", "http-hello.wasm") + $"\nfiles = {files}\n");
        return hosting.Factory.Load(ManifestPath, new AppLoadOptions { StateDirectory = Path.Combine(App, ".capsule") });
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(App, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public void A_glob_of_everything_skips_dotenv_files_and_version_control_folders_at_any_depth()
    {
        Write("index.html", "<p>hi</p>\n");
        Write(".env", "API_TOKEN=secret\n");
        Write(".env.local", "API_TOKEN=secret\n");
        Write("sub/.env", "API_TOKEN=secret\n");
        Write(".envrc", "kept: not a dotenv file\n");
        Write(".git/config", "[remote \"origin\"]\n");
        Write(".hg/hgrc", "x\n");
        Write("sub/.svn/entries", "x\n");
        Write("sub/page.html", "<p>sub</p>\n");

        using var app = Load("[\"**/*\"]");

        var mount = Assert.Single(app.Components["site"].Grants.Mounts);
        var gathered = Directory.GetFiles(mount.HostPath, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(mount.HostPath, f)).Order(StringComparer.Ordinal);
        Assert.Equal([".envrc", "capsule.toml", "index.html", "sub/page.html"], gathered);
    }

    [Theory]
    [InlineData(".env", ".env")]
    [InlineData("config/.env.production", ".env.production")]
    [InlineData(".git/**/*", ".git")]
    public void A_glob_naming_a_secret_file_or_version_control_folder_is_refused(string glob, string named)
    {
        Write(".env", "API_TOKEN=secret\n");

        var error = Assert.Throws<ManifestException>(() => Load($"[\"{glob}\"]").Dispose());

        Assert.Equal($"{ManifestPath}:10: component.site.files[0]: \"{glob}\" names \"{named}\", which never reaches the guest or a registry (dotenv files and version-control folders are not gathered): pass secrets as variables or environment instead", error.Message);
    }
}
