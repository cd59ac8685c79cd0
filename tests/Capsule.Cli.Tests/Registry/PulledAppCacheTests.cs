using System.Diagnostics;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// The pulled-app cache follows the artifact cache's rule: a folder another local user can write
/// (or one they own) is never trusted, and a cached app is served again only while its files
/// match its manifest. Each test plants a manifest with an extra route (as an attacker would add
/// grants) into a genuinely pulled app, then serves the app pinned by digest: the planted route
/// must answer 404.
/// </summary>
public sealed class PulledAppCacheTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly RegistryUser _user = new();

    private string Registry => fixture.Registry.Address;

    [Theory]
    [InlineData("registry/apps", "chmod", "0777", "is writable by group or others (mode 0777)")]
    [InlineData("registry", "chmod", "0775", "is writable by group or others (mode 0775)")]
    [InlineData("registry/blobs/sha256", "chown", "nobody", "is owned by uid 65534, not by this user")]
    public async Task A_cache_folder_another_user_can_write_is_not_used_and_its_planted_app_not_served(string folder, string tool, string argument, string problem)
    {
        var (reference, appFolder) = PushPullAndPlant("trust/folder-" + tool + argument);
        Run(tool, argument, Path.Combine(_user.CacheDir, folder));

        var running = _user.StartFromRegistry(reference);
        var warning = await running.WaitForLine(l => l.StartsWith("capsule: warning: the registry cache", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.True(warning.StartsWith($"capsule: warning: the registry cache is not used: {Path.Combine(_user.CacheDir, folder)} {problem}", StringComparison.Ordinal), warning);
        var serving = await running.WaitForLine(l => l.StartsWith("capsule: serving ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(appFolder, serving, StringComparison.Ordinal);
        using var served = await ServedCapsule.Attach(running, "registry-test");
        Assert.Equal(404, HttpStatusCodeOf(await served.Client.GetAsync("/planted")));
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/hello/x"));
        served.Server.Signal("TERM");
        Assert.Equal(0, await served.Server.WaitForExit(TimeSpan.FromSeconds(30)));
        // The planted folder is left alone (it may be another user's); the private copy is removed on exit.
        Assert.True(File.Exists(Path.Combine(appFolder, "capsule.toml")));
        var temporary = warning[(warning.IndexOf("temporary folder ", StringComparison.Ordinal) + "temporary folder ".Length)..].Split(' ')[0];
        Assert.StartsWith(Path.GetTempPath(), temporary, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temporary));
    }

    [Fact]
    public async Task An_app_folder_owned_by_another_user_is_removed_and_pulled_again()
    {
        var (reference, appFolder) = PushPullAndPlant("trust/owner");
        Run("chown", "-R", "nobody", appFolder);

        using var served = await _user.ServeFromRegistry(reference, "registry-test");
        Assert.Equal(404, HttpStatusCodeOf(await served.Client.GetAsync("/planted")));
        Assert.Equal("hello from wat\n", await served.Client.GetStringAsync("/hello/x"));
        Assert.Equal(OwnerOf(_user.CacheDir), OwnerOf(Path.Combine(appFolder, "capsule.toml")));
    }

    [Fact]
    public async Task A_cached_file_changed_on_disk_is_caught_against_the_manifest_and_pulled_again()
    {
        var (reference, appFolder) = PushPullAndPlant("trust/changed");

        var pulled = _user.Capsule("registry", "pull", reference, "--insecure");
        Assert.Equal(0, pulled.ExitCode);
        Assert.Contains($"capsule: the cached app {appFolder} does not match its manifest (capsule.toml is not the one generated from its locked app): removed, pulling it again", pulled.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("/planted", File.ReadAllText(Path.Combine(appFolder, "capsule.toml")), StringComparison.Ordinal);
        Assert.Equal("small\n", File.ReadAllText(Path.Combine(appFolder, "files", "hello", "static", "small.txt")));

        // A file changed alone (the manifest intact) is caught too.
        File.WriteAllText(Path.Combine(appFolder, "files", "hello", "static", "small.txt"), "planted\n");
        var again = _user.Capsule("registry", "pull", reference, "--insecure");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("file \"static/small.txt\" of component 'hello' does not hold the content of sha256:", again.Stderr, StringComparison.Ordinal);
        Assert.Equal("small\n", File.ReadAllText(Path.Combine(appFolder, "files", "hello", "static", "small.txt")));
    }

    // Pushes and pulls an app, then adds a route to its cached manifest; returns REF@DIGEST and the app's folder.
    private (string Reference, string Folder) PushPullAndPlant(string repository)
    {
        var app = _user.WriteApp(repository.Replace('/', '-'));
        var pushed = _user.Capsule("registry", "push", $"{Registry}/{repository}:v1", app, "--insecure");
        Assert.Equal(0, pushed.ExitCode);
        var digest = pushed.Stdout.Trim().Split(' ')[^1];
        var reference = $"{Registry}/{repository}@{digest}";
        Assert.Equal(0, _user.Capsule("registry", "pull", reference, "--insecure").ExitCode);
        var folder = Path.Combine(_user.AppsDir, digest["sha256:".Length..]);
        File.AppendAllText(Path.Combine(folder, "capsule.toml"), "\n[[trigger.http]]\nroute = \"/planted\"\ncomponent = \"hello\"\n");
        return (reference, folder);
    }

    private static int HttpStatusCodeOf(HttpResponseMessage response)
    {
        using (response)
        {
            return (int)response.StatusCode;
        }
    }

    private static uint OwnerOf(string path)
    {
        var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return uint.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Run(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {error}");
    }

    public void Dispose() => _user.Dispose();
}
