namespace Capsule.Packaging.Tests;

/// <summary>
/// Capsule's packages packed into a local folder feed (scripts/pack.sh, from the Release build this test project
/// depends on), under a version of this run's own, and a nuget.config that adds the feed. Restores extract into a
/// packages folder of the run (the machine's global folder is only a read-only fallback), so the packages used are
/// the ones just packed and nothing is left behind.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>A pack, a restore of a new project or a tool install: minutes on a busy two-core machine.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    private readonly TempDir _root = new();

    public PackedFeed()
    {
        Version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        Directory.CreateDirectory(Feed);
        DotNetProcess.Run("bash", Guests.RepoRoot, StepTimeout, null,
            Path.Combine(Guests.RepoRoot, "scripts", "pack.sh"), Feed, "--no-build", $"-p:Version={Version}");
        var global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
              <fallbackPackageFolders>
                <add key="machine" value="{global}" />
              </fallbackPackageFolders>
              <packageSources>
                <add key="capsule-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>The folder holding nuget.config; projects and tools are made below it.</summary>
    public string Root => _root.Path;

    /// <summary>The folder feed with the .nupkg and .snupkg files.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The version every package of this run has.</summary>
    public string Version { get; }

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> in <paramref name="workingDirectory"/>, this run's packages folder and the feed configured.</summary>
    public string DotNet(string workingDirectory, params string[] args) =>
        DotNetProcess.Run("dotnet", workingDirectory, StepTimeout, ChildEnvironment(), args);

    /// <summary>The variables a child process of the test gets: its own NuGet packages folder, its own Capsule cache.</summary>
    public IReadOnlyDictionary<string, string> ChildEnvironment() => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
        ["CAPSULE_CACHE_DIR"] = Path.Combine(Root, "cache"),
        ["Capsule__CacheFolder"] = Path.Combine(Root, "cache"),
    };

    public void Dispose() => _root.Dispose();
}
