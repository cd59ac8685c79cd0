using System.CommandLine;
using Capsule.Hosting.Registry;

namespace Capsule.Cli.Commands.Registry;

/// <summary><c>capsule registry pull REF</c>.</summary>
internal sealed class PullCommand
{
    private readonly Argument<string> _reference = new("REF") { Description = "What to pull: [registry/]repository[:tag][@sha256:digest]" };

    private readonly Option<bool> _insecure = RegistryCommand.InsecureOption();

    private readonly Option<string?> _cacheDir = new CommonOptions().CacheDir;

    public Command Build()
    {
        var command = new Command("pull", "Pull an app pushed by capsule or spin registry push into the cache (every layer checked against its digest), laid out as a folder capsule up serves. A REF pinned by @sha256: that is in the cache needs no network.\n\n" + RegistryCommand.ExitCodeHelp)
        {
            _reference, _insecure, _cacheDir,
        };
        command.SetAction(Execute);
        return command;
    }

    private async Task<int> Execute(ParseResult parse, CancellationToken cancellation)
    {
        if (RegistryCommand.ParseReference(parse.GetValue(_reference)!) is not { } reference)
        {
            return ExitCodes.BadInput;
        }
        using var signal = new StopSignal();
        var cache = RegistryCache.Open(parse.GetValue(_cacheDir), RegistryCommand.Progress);
        try
        {
            var app = await AppPuller.Pull(reference, parse.GetValue(_insecure), cache,
                RegistryCommand.Progress, cancellation);
            Console.Out.WriteLine($"Pulled {reference} with digest {app.Digest} into {app.Folder}");
            return 0;
        }
        catch (RegistryException e)
        {
            cache.RemoveIfTemporary();
            return RegistryCommand.Report(e);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            cache.RemoveIfTemporary();
            Console.Error.WriteLine($"capsule: error: pull stopped by {signal.Name}; nothing was kept");
            return signal.ExitCode;
        }
    }
}
