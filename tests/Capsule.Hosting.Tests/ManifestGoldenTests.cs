using Capsule.Hosting.App;
using Capsule.Hosting.Manifest;
using Capsule.Runtime.Configuration;

namespace Capsule.Hosting.Tests;

/// <summary>
/// Bad manifests kept as files: ui/NAME.toml must fail loading with exactly
/// the message in ui/NAME.err ({dir} stands for the ui folder).
/// </summary>
public sealed class ManifestGoldenTests(HostingFixture hosting) : IClassFixture<HostingFixture>
{
    private static readonly string UiDirectory = Path.Combine(Guests.RepoRoot, "tests", "Capsule.Hosting.Tests", "ui");

    public static TheoryData<string> Cases => new(Directory.GetFiles(UiDirectory, "*.toml").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_manifest_gives_its_exact_message(string name)
    {
        var manifestPath = Path.Combine(UiDirectory, $"{name}.toml");
        var expected = File.ReadAllText(Path.Combine(UiDirectory, $"{name}.err")).Trim().Replace("{dir}", UiDirectory);
        using var state = new TempDir();

        var error = Assert.Throws<ManifestException>(() =>
        {
            var manifest = ManifestLoader.Parse(File.ReadAllText(manifestPath), manifestPath, $"{name}.toml");
            hosting.Factory.Load(manifest, new AppLoadOptions { StateDirectory = state.Path }).Dispose();
        });

        Assert.Equal(expected, error.Message);
    }
}
