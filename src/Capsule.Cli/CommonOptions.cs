using System.CommandLine;
using Capsule.Runtime.Artifacts;
using Capsule.Runtime.Engine;
using Capsule.Runtime.Loading;

namespace Capsule.Cli;

/// <summary>Options every command that loads a guest shares, and the runtime they configure.</summary>
internal sealed class CommonOptions
{
    public Option<string?> CacheDir { get; } = new("--cache-dir")
    {
        Description = $"Folder for precompiled artifacts [default: ${CacheLocation.EnvironmentVariable}, else $XDG_CACHE_HOME/capsule, else ~/.cache/capsule]",
        HelpName = "DIR",
    };

    public Option<bool> NoCache { get; } = new("--no-cache")
    {
        Description = "Compile without reading or writing the artifact cache",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Report what the host does: compiling or loading from cache, timings",
    };

    public void AddTo(Command command)
    {
        command.Add(CacheDir);
        command.Add(NoCache);
        command.Add(Verbose);
    }

    /// <summary>Creates the loader these options describe, on <paramref name="engine"/>.</summary>
    public GuestLoader CreateLoader(ParseResult parse, CapsuleEngine engine)
    {
        var verbose = parse.GetValue(Verbose);
        var cache = parse.GetValue(NoCache)
            ? null
            : new ArtifactCache(CacheLocation.Resolve(parse.GetValue(CacheDir)), engine, new StderrLogger<ArtifactCache>(verbose));
        return new GuestLoader(engine, cache);
    }
}
