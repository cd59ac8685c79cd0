using System.CommandLine;
using Capsule.Hosting.Registry;

namespace Capsule.Cli.Commands.Registry;

/// <summary><c>capsule up --from-registry REF [--insecure]</c>: the app folder to serve, pulled (or found in the cache) first.</summary>
internal sealed class FromRegistry
{
    public Option<string?> Reference { get; } = new("--from-registry")
    {
        Description = "Serve the app at this OCI reference ([registry/]repository[:tag][@sha256:digest]) instead of a folder: pulled into the cache first, layers checked against their digests, as 'capsule registry pull' does",
        HelpName = "REF",
    };

    public Option<bool> Insecure { get; } = RegistryCommand.InsecureOption();

    public void AddTo(Command command)
    {
        command.Add(Reference);
        command.Add(Insecure);
    }

    /// <summary>The pulled app's folder, or null when no --from-registry was given; failures are <see cref="RegistryException"/>s.</summary>
    public string? Folder(ParseResult parse, string? cacheDir)
    {
        if (parse.GetValue(Reference) is not { } text)
        {
            return null;
        }
        var cache = RegistryCache.Open(cacheDir, RegistryCommand.Progress);
        if (cache.IsTemporary)
        {
            // A private copy for this run only: gone when capsule exits.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cache.RemoveIfTemporary();
        }
        var app = AppPuller.Pull(OciReference.Parse(text), parse.GetValue(Insecure), cache,
            RegistryCommand.Progress, CancellationToken.None).GetAwaiter().GetResult();
        Console.Error.WriteLine($"capsule: serving {text} (digest {app.Digest}) from {app.Folder}");
        return app.Folder;
    }
}
