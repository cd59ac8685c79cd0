namespace Capsule.Bench;

/// <summary>The guests tests/guests/build.sh builds, found from wherever BenchmarkDotNet runs us.</summary>
internal static class BenchGuests
{
    public static string Get(string fileName)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Capsule.sln")))
        {
            dir = dir.Parent;
        }
        var path = Path.Combine(dir?.FullName ?? ".", "tests", "guests", "out", fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Run tests/guests/build.sh first: {path} is missing.");
    }
}
