namespace Capsule.Shim.Tests;

/// <summary>
/// containerd-shim-capsule-v1 installed by scripts/install-shim.sh into a
/// folder of the test run (published natively once; later runs find nothing
/// changed). Shared by the tests of a collection.
/// </summary>
public sealed class InstalledShim : IDisposable
{
    private readonly TempDir _temp = new();

    public InstalledShim()
    {
        Command.Run(Path.Combine(Guests.RepoRoot, "scripts", "install-shim.sh"), [BinFolder], TimeSpan.FromMinutes(25),
            new Dictionary<string, string> { ["LIB"] = _temp.Combine("lib") });
    }

    /// <summary>The folder holding the containerd-shim-capsule-v1 link, for containerd's PATH.</summary>
    public string BinFolder => _temp.Combine("bin");

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ShimCollection : ICollectionFixture<InstalledShim>
{
    public const string Name = "containerd shim";
}
