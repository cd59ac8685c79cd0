namespace Capsule.Shim.Tests;

/// <summary>
/// containerd-shim-capsule-v1 as the solution's build made it (same
/// configuration as the tests): a folder holding a link to it, for containerd's PATH. The natively
/// published binary (scripts/install-shim.sh) speaks the same protocol; a
/// Native AOT publish takes tens of minutes on a busy two-core machine.
/// </summary>
public sealed class InstalledShim : IDisposable
{
    private readonly TempDir _temp = new();

    public InstalledShim()
    {
        // tests/Capsule.Shim.Tests/bin/<Configuration>/<tfm>/ -> src/Capsule.Shim/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var built = Path.Combine(Guests.RepoRoot, "src", "Capsule.Shim", "bin", tfm.Parent!.Name, tfm.Name, "containerd-shim-capsule-v1");
        if (!File.Exists(built))
        {
            throw new FileNotFoundException($"the shim is not built at {built}", built);
        }
        Directory.CreateDirectory(BinFolder);
        File.CreateSymbolicLink(Path.Combine(BinFolder, "containerd-shim-capsule-v1"), built);
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
