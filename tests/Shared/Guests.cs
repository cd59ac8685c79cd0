namespace Capsule.Tests.Shared;

/// <summary>
/// Paths to the test guests that tests/guests/build.sh builds with real
/// toolchains (wat2wasm, clang + wasi-libc, jco, componentize-js). The test
/// command (scripts/test) builds them before any test runs.
/// </summary>
public static class Guests
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string OutDir => Path.Combine(RepoRoot, "tests", "guests", "out");

    /// <summary>The built guest <paramref name="fileName"/>; fails clearly if the build step was skipped.</summary>
    public static string Get(string fileName)
    {
        var path = Path.Combine(OutDir, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Test guest {fileName} is not built. Run tests/guests/build.sh (scripts/test does it).", path);
        }
        return path;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Capsule.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Capsule.sln not found above the test binaries.");
    }
}
