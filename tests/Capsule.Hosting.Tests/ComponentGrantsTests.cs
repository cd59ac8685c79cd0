using Capsule.Hosting.App;
using Capsule.Hosting.Manifest;

namespace Capsule.Hosting.Tests;

/// <summary>What a component's manifest table grants, as the loaded app hands it to every request.</summary>
public sealed class ComponentGrantsTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    [Fact]
    public void Files_globs_minus_exclude_files_are_gathered_and_mounted_read_only_at_root()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("static", "css"));
        File.WriteAllText(dir.Combine("static", "index.html"), "<h1>hi</h1>");
        File.WriteAllText(dir.Combine("static", "css", "site.css"), "h1 {}");
        File.WriteAllText(dir.Combine("static", "secret.key"), "do not ship");
        File.WriteAllText(dir.Combine("notes.txt"), "not matched");
        var manifestPath = dir.Combine("capsule.toml");
        File.WriteAllText(manifestPath, TestManifests.SingleComponent("site", "http-hello.wasm") + """

            files = ["static/**/*"]
            exclude_files = ["**/*.key"]
            environment = { GREETING = "hello", EMPTY = "" }
            """);

        using var app = hosting.Factory.Load(manifestPath, new AppLoadOptions { StateDirectory = dir.Combine(".capsule") });

        var grants = app.Components["site"].Grants;
        var mount = Assert.Single(grants.Mounts);
        Assert.Equal("/", mount.GuestPath);
        Assert.True(mount.ReadOnly);
        var gathered = Directory.GetFiles(mount.HostPath, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(mount.HostPath, f).Replace('\\', '/')).Order();
        Assert.Equal(["static/css/site.css", "static/index.html"], gathered);
        Assert.Equal<KeyValuePair<string, string>>([new("GREETING", "hello"), new("EMPTY", "")], grants.Environment.ToArray());
    }
}
