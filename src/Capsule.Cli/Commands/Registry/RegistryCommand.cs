using System.CommandLine;
using Capsule.Hosting.Registry;
using Capsule.Runtime.Diagnostics;

namespace Capsule.Cli.Commands.Registry;

/// <summary><c>capsule registry push|pull|login</c>: apps as OCI artifacts in Spin's layout.</summary>
internal sealed class RegistryCommand
{
    /// <summary>The exit codes the registry commands add, for --help.</summary>
    public const string ExitCodeHelp =
        "Exit codes: 0 done; 2 bad reference, app or artifact; 69 registry unreachable, tag, repository or layer missing, or content not matching its digest; 77 credentials needed or refused; 130 or 143 stopped by SIGINT or SIGTERM (nothing kept).";

    public Command Build()
    {
        var command = new Command("registry", "Push apps to and pull them from OCI registries, in Spin's artifact layout (spin registry push/pull interoperate). Credentials come from Docker's config file ($DOCKER_CONFIG/config.json, else ~/.docker/config.json), written by 'capsule registry login'.");
        command.Add(new PushCommand().Build());
        command.Add(new PullCommand().Build());
        command.Add(new LoginCommand().Build());
        return command;
    }

    /// <summary>--insecure / -k, as Spin spells it.</summary>
    public static Option<bool> InsecureOption() => new("--insecure", "-k")
    {
        Description = "Speak plain HTTP to the registry (a local registry without TLS)",
    };

    /// <summary>Parses a reference argument; a bad one is reported and null returned.</summary>
    public static OciReference? ParseReference(string text)
    {
        try
        {
            return OciReference.Parse(text);
        }
        catch (RegistryException e)
        {
            Console.Error.WriteLine($"capsule: error: {e.Message}");
            return null;
        }
    }

    /// <summary>Reports <paramref name="e"/> in one line (a registry's control characters escaped) and returns its exit code.</summary>
    public static int Report(RegistryException e)
    {
        Console.Error.WriteLine($"capsule: error: {OneLine.Escape(e.Message, int.MaxValue)}");
        return ExitCode(e);
    }

    /// <summary>Writes a progress line, a registry's control characters escaped.</summary>
    public static void Progress(string message) => Console.Error.WriteLine($"capsule: {OneLine.Escape(message, int.MaxValue)}");

    /// <summary>The exit code of a registry failure.</summary>
    public static int ExitCode(RegistryException e) => e.Failure switch
    {
        RegistryFailure.Unavailable => ExitCodes.RegistryUnavailable,
        RegistryFailure.Unauthorized => ExitCodes.RegistryUnauthorized,
        _ => ExitCodes.BadInput,
    };
}
