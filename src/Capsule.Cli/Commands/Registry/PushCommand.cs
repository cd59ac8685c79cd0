using System.CommandLine;
using Capsule.Hosting.Registry;
using Capsule.Runtime.Configuration;

namespace Capsule.Cli.Commands.Registry;

/// <summary><c>capsule registry push REF [DIR]</c>.</summary>
internal sealed class PushCommand
{
    private readonly Argument<string> _reference = new("REF") { Description = "Where to push: [registry/]repository[:tag] (tag default: latest)" };

    private readonly Argument<string> _app = new("DIR")
    {
        Description = "The app: a folder holding capsule.toml (else spin.toml), or the manifest file",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    private readonly Option<string?> _from = new("--from", "-f") { Description = "The app, as Spin's flag names it (instead of DIR)", HelpName = "APP" };

    private readonly Option<bool> _insecure = RegistryCommand.InsecureOption();

    private readonly Option<bool> _containerImage = new("--container-image")
    {
        Description = "Push a plain container image instead (an index for linux/amd64 and linux/arm64, one file-system layer holding the app as a pull lays it out), for containerd 1.6 with Capsule's shim, which cannot unpack Spin's artifact",
    };

    public Command Build()
    {
        var command = new Command("push", "Push an app (manifest, components, static files) as an OCI artifact in Spin's layout: a layer per component's Wasm and per file, and the locked app. Prints the manifest digest; REF@DIGEST pins this exact app.\n\n" + RegistryCommand.ExitCodeHelp)
        {
            _reference, _app, _from, _insecure, _containerImage,
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
        var app = parse.GetValue(_from) ?? parse.GetValue(_app)!;
        try
        {
            var digest = parse.GetValue(_containerImage)
                ? await AppPusher.PushContainerImage(app, reference, parse.GetValue(_insecure), RegistryCommand.Progress, cancellation)
                : await AppPusher.Push(app, reference, parse.GetValue(_insecure), RegistryCommand.Progress, cancellation);
            Console.Out.WriteLine($"Pushed {reference} with digest {digest}");
            return 0;
        }
        catch (ManifestException e)
        {
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (RegistryException e)
        {
            return RegistryCommand.Report(e);
        }
    }
}
