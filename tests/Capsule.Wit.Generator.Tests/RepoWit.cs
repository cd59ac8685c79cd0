namespace Capsule.Wit.Generator.Tests;

/// <summary>The repository's <c>wit/</c> folder (WASI 0.2.12), as files for the generator.</summary>
internal static class RepoWit
{
    public static string Folder { get; } = Find();

    public static IReadOnlyList<(string Path, string Text)> Files { get; } =
        Directory.GetFiles(Folder, "*.wit", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p))).ToList();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Capsule.sln")))
            {
                return Path.Combine(dir.FullName, "wit");
            }
        }
        throw new InvalidOperationException("Capsule.sln not found above " + AppContext.BaseDirectory);
    }
}
