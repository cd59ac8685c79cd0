using System.Text;

namespace Capsule.Cli.Tests.Registry;

/// <summary>
/// <c>capsule registry push</c> never sends an app's dotenv files or version-control folders:
/// not from a files glob, not from a mounted folder.
/// </summary>
public sealed class PushSecretsTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private const string Secret = "API_TOKEN=do-not-push-me";

    private readonly RegistryUser _user = new();

    private string Registry => fixture.Registry.Address;

    [Fact]
    public async Task Push_sends_no_dotenv_file_and_no_version_control_folder()
    {
        var app = _user.WriteApp("secrets");
        File.WriteAllText(Path.Combine(app, ".env"), Secret + "\n");
        File.WriteAllText(Path.Combine(app, "static", ".env.local"), Secret + "\n");
        File.WriteAllText(Path.Combine(app, "data", ".env"), Secret + "\n");
        Directory.CreateDirectory(Path.Combine(app, "static", ".git"));
        File.WriteAllText(Path.Combine(app, "static", ".git", "config"), Secret + "\n");
        // The whole app folder by glob too: .env at the root is skipped by the glob itself.
        var toml = File.ReadAllText(Path.Combine(app, "capsule.toml")).Replace("files = [\"static/**/*\"", "files = [\"**/*\", \"static/**/*\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(app, "capsule.toml"), toml);

        var pushed = _user.Capsule("registry", "push", $"{Registry}/secrets/app:v1", app, "--insecure");
        Assert.Equal(0, pushed.ExitCode);

        var manifest = await RawArtifact.Manifest(Registry, "secrets/app", "v1");
        var lockedDigest = manifest["layers"]!.AsArray().Single(l => l!["mediaType"]!.GetValue<string>() == SpinArtifact.LockedMediaType)!["digest"]!.GetValue<string>();
        var locked = Encoding.UTF8.GetString(await RawArtifact.Blob(Registry, "secrets/app", lockedDigest));
        var paths = System.Text.Json.Nodes.JsonNode.Parse(locked)!["components"]![0]!["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("static/small.txt", paths);
        Assert.Contains("data/table.csv", paths);
        Assert.DoesNotContain(paths, p => p.Split('/').Any(s => s.StartsWith(".env", StringComparison.Ordinal) || s == ".git"));
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret + "\n")), locked, StringComparison.Ordinal);
        foreach (var layer in manifest["layers"]!.AsArray())
        {
            var bytes = await RawArtifact.Blob(Registry, "secrets/app", layer!["digest"]!.GetValue<string>());
            Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
    }

    public void Dispose() => _user.Dispose();
}
